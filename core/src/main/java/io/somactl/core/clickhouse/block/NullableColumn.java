package io.somactl.core.clickhouse.block;

import java.math.BigDecimal;
import java.util.BitSet;

/** Nullable(T): a null map (one byte per row, 1 = NULL), then T's data with a default for each NULL. */
final class NullableColumn extends NativeColumn {
    private final NativeColumn values;
    private final ByteSink nulls = new ByteSink(1 << 13);
    private int committedRows;

    NullableColumn(String name, String type, NativeColumn values) {
        super(name, type);
        this.values = values;
    }

    @Override
    public void appendMissing() {
        values.appendMissing();
        nulls.writeByte(1);
    }

    @Override
    public void appendLong(long value) {
        values.appendLong(value);
        nulls.writeByte(0);
    }

    @Override
    public void appendDouble(double value) {
        values.appendDouble(value);
        nulls.writeByte(0);
    }

    @Override
    public void appendString(String value) {
        values.appendString(value);
        nulls.writeByte(0);
    }

    @Override
    public void appendAscii(byte[] ascii, int from, int to) {
        values.appendAscii(ascii, from, to);
        nulls.writeByte(0);
    }

    @Override
    public void appendDecimal(BigDecimal value) {
        values.appendDecimal(value);
        nulls.writeByte(0);
    }

    @Override
    public void appendUnscaledDecimal(long unscaled, int scale) {
        values.appendUnscaledDecimal(unscaled, scale);
        nulls.writeByte(0);
    }

    @Override
    public int rows() {
        return nulls.size();
    }

    @Override
    public void clear() {
        values.clear();
        nulls.truncate(0);
        committedRows = 0;
    }

    @Override
    public void commit() {
        values.commit();
        committedRows = nulls.size();
    }

    @Override
    public void rollback() {
        values.rollback();
        nulls.truncate(committedRows);
    }

    @Override
    public void appendAll(NativeColumn other) {
        NullableColumn nullable = (NullableColumn) other;
        values.appendAll(nullable.values);
        nulls.write(nullable.nulls);
        commit();
    }

    @Override
    public void removeRows(BitSet drop) {
        rollback();
        values.removeRows(drop);
        nulls.removeFixed(1, drop);
        commit();
    }

    @Override
    public int dataSize() {
        return nulls.size() + values.dataSize();
    }

    @Override
    public void writeData(ByteSink out) {
        out.write(nulls);
        values.writeData(out);
    }
}
