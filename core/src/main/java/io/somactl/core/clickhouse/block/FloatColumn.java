package io.somactl.core.clickhouse.block;

/** Float32 and Float64. */
final class FloatColumn extends FixedWidthColumn {
    private final boolean single;

    FloatColumn(String name, String type, boolean single) {
        super(name, type, single ? 4 : 8);
        this.single = single;
    }

    @Override
    public void appendMissing() {
        appendDouble(0);
    }

    @Override
    public void appendLong(long value) {
        appendDouble(value);
    }

    @Override
    public void appendDouble(double value) {
        if (single) {
            data.writeIntLE(Float.floatToRawIntBits((float) value));
        } else {
            data.writeLongLE(Double.doubleToRawLongBits(value));
        }
    }
}
