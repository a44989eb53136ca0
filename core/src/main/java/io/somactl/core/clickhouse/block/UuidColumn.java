package io.somactl.core.clickhouse.block;

import java.nio.charset.StandardCharsets;

/**
 * UUID: 16 bytes per value, the high 64 bits then the low 64 bits, each little-endian (so
 * {@code 2fbde86f-e242-4aaa-...} starts with the bytes {@code aa 4a 42 e2}).
 */
final class UuidColumn extends FixedWidthColumn {
    private static final int LENGTH = 36;

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
        if (value.length() != LENGTH || !value.chars().allMatch(c -> c < 0x80)) {
            throw notAUuid(value);
        }
        byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
        appendAscii(ascii, 0, LENGTH);
    }

    @Override
    public void appendAscii(byte[] ascii, int from, int to) {
        if (to - from != LENGTH
                || ascii[from + 8] != '-'
                || ascii[from + 13] != '-'
                || ascii[from + 18] != '-'
                || ascii[from + 23] != '-') {
            throw notAUuid(text(ascii, from, to));
        }
        long high = (hex(ascii, from, 0, 8) << 32) | (hex(ascii, from, 9, 13) << 16) | hex(ascii, from, 14, 18);
        long low = (hex(ascii, from, 19, 23) << 48) | hex(ascii, from, 24, 36);
        data.writeLongLE(high);
        data.writeLongLE(low);
    }

    private long hex(byte[] ascii, int base, int from, int to) {
        long v = 0;
        for (int i = base + from; i < base + to; i++) {
            int digit = Character.digit(ascii[i], 16);
            if (digit < 0) {
                throw refused("'" + text(ascii, base, base + LENGTH) + "' (not a UUID: '" + (char) ascii[i]
                        + "' is not a hex digit)");
            }
            v = (v << 4) | digit;
        }
        return v;
    }

    private ColumnValueException notAUuid(String value) {
        return refused("'" + value + "' (not a UUID like 2fbde86f-e242-4aaa-97b1-ce95d4b26946)");
    }

    private static String text(byte[] ascii, int from, int to) {
        return new String(ascii, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
