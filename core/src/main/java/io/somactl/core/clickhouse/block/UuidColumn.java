package io.somactl.core.clickhouse.block;

/**
 * UUID: 16 bytes per value, the high 64 bits then the low 64 bits, each little-endian (so
 * {@code 2fbde86f-e242-4aaa-...} starts with the bytes {@code aa 4a 42 e2}).
 */
final class UuidColumn extends FixedWidthColumn {
    UuidColumn(String name, String type) {
        super(name, type, 16);
    }

    @Override
    public void appendMissing() {
        data.writeLongLE(0);
        data.writeLongLE(0);
    }

    @Override
    public void appendString(String value) {
        if (value.length() != 36 || value.charAt(8) != '-' || value.charAt(13) != '-' || value.charAt(18) != '-'
                || value.charAt(23) != '-') {
            throw refused("'" + value + "' (not a UUID like 2fbde86f-e242-4aaa-97b1-ce95d4b26946)");
        }
        long high = (hex(value, 0, 8) << 32) | (hex(value, 9, 13) << 16) | hex(value, 14, 18);
        long low = (hex(value, 19, 23) << 48) | hex(value, 24, 36);
        data.writeLongLE(high);
        data.writeLongLE(low);
    }

    private long hex(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(s.charAt(i), 16);
            if (digit < 0) {
                throw refused("'" + s + "' (not a UUID: '" + s.charAt(i) + "' is not a hex digit)");
            }
            v = (v << 4) | digit;
        }
        return v;
    }
}
