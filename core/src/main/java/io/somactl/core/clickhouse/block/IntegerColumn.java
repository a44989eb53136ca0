package io.somactl.core.clickhouse.block;

/** UInt8..UInt64, Int8..Int64, and DateTime (seconds since the epoch as a UInt32). */
final class IntegerColumn extends FixedWidthColumn {
    private final int bytes;
    private final long min;
    private final long max;

    private IntegerColumn(String name, String type, int bytes, long min, long max) {
        super(name, type, bytes);
        this.bytes = bytes;
        this.min = min;
        this.max = max;
    }

    static IntegerColumn unsigned(String name, String type, int bytes) {
        return new IntegerColumn(name, type, bytes, 0, bytes == 8 ? Long.MAX_VALUE : (1L << (8 * bytes)) - 1);
    }

    static IntegerColumn signed(String name, String type, int bytes) {
        return new IntegerColumn(
                name,
                type,
                bytes,
                bytes == 8 ? Long.MIN_VALUE : -(1L << (8 * bytes - 1)),
                bytes == 8 ? Long.MAX_VALUE : (1L << (8 * bytes - 1)) - 1);
    }

    @Override
    public void appendMissing() {
        put(0);
    }

    @Override
    public void appendLong(long value) {
        if (value < min || value > max) {
            throw refused("the integer " + value + " (it takes " + min + " to " + max + ")");
        }
        put(value);
    }

    @Override
    public void appendDouble(double value) {
        long whole = (long) value;
        if (whole != value || (whole == Long.MAX_VALUE)) {
            throw refused("the number " + value + " (not a whole number in range)");
        }
        appendLong(whole);
    }

    private void put(long value) {
        switch (bytes) {
            case 1 -> data.writeByte((int) value);
            case 2 -> data.writeShortLE((int) value);
            case 4 -> data.writeIntLE((int) value);
            default -> data.writeLongLE(value);
        }
    }
}
