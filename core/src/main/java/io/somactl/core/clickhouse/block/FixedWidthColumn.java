package io.somactl.core.clickhouse.block;

import java.util.BitSet;

/** Numbers of a fixed width, written little-endian one after the other. */
abstract class FixedWidthColumn extends NativeColumn {
    protected final ByteSink data = new ByteSink(1 << 16);
    private final int width;
    private int committedBytes;

    FixedWidthColumn(String name, String type, int width) {
        super(name, type);
        this.width = width;
    }

    @Override
    public int rows() {
        return data.size() / width; // only asked for once per block, by NativeBlock's final check
    }

    @Override
    public void clear() {
        data.truncate(0);
        committedBytes = 0;
    }

    @Override
    public void commit() {
        committedBytes = data.size();
    }

    @Override
    public void rollback() {
        data.truncate(committedBytes);
    }

    @Override
    public void appendAll(NativeColumn other) {
        data.write(((FixedWidthColumn) other).data);
        commit();
    }

    @Override
    public void removeRows(BitSet drop) {
        rollback();
        data.removeFixed(width, drop);
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
