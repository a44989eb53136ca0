package io.somactl.core.clickhouse.block;

import java.util.BitSet;

/** String: each value's UTF-8 length, then its bytes. */
final class StringColumn extends NativeColumn {
    private final ByteSink data = new ByteSink(1 << 16);
    private int rows;
    private int committedRows;
    private int committedBytes;

    StringColumn(String name, String type) {
        super(name, type);
    }

    @Override
    public void appendMissing() {
        appendString("");
    }

    @Override
    public void appendString(String value) {
        data.writeString(value);
        rows++;
    }

    @Override
    public void appendAscii(byte[] ascii, int from, int to) {
        data.writeVarUInt(to - from);
        data.write(ascii, from, to - from);
        rows++;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public void clear() {
        data.truncate(0);
        rows = 0;
        committedRows = 0;
        committedBytes = 0;
    }

    @Override
    public void commit() {
        committedRows = rows;
        committedBytes = data.size();
    }

    @Override
    public void rollback() {
        rows = committedRows;
        data.truncate(committedBytes);
    }

    @Override
    public void appendAll(NativeColumn other) {
        StringColumn strings = (StringColumn) other;
        data.write(strings.data);
        rows += strings.rows;
        commit();
    }

    @Override
    public void removeRows(BitSet drop) {
        rollback();
        rows = data.removeStrings(rows, drop);
        commit();
    }

    @Override
    public int dataSize() {
        return data.size();
    }

    @Override
    public void writeData(ByteSink out) {
        out.write(data);
    }
}
