package io.somactl.core.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ClickHouse's TabSeparated output one row at a time from a stream, so a result of any size
 * is read in constant memory. Fields are unescaped; a lone {@code \N} is {@code null}.
 *
 * <p>ClickHouse streams a result with status 200 before it knows the query will finish; if it fails
 * mid-way it appends the error text to the body. {@link #next()} therefore checks every row has the
 * expected number of fields and fails with the offending text otherwise, so a cut-off result is
 * never mistaken for a complete one.
 */
public final class TabSeparatedReader {
    private final InputStream in;
    private final int columns;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long rows;
    private final StringBuilderUtf8 field = new StringBuilderUtf8();

    /** @param columns how many fields every row must have */
    public TabSeparatedReader(InputStream in, int columns) {
        this.in = in;
        this.columns = columns;
    }

    /** Rows read so far. */
    public long rows() {
        return rows;
    }

    /** The next row's fields, or {@code null} at the end of the result. */
    public List<String> next() throws IOException {
        if (!fill()) {
            return null;
        }
        List<String> fields = new ArrayList<>(columns);
        field.reset();
        boolean isNull = false;
        while (true) {
            if (position == limit && !fill()) {
                throw cutOff(fields, "the result ended in the middle of a row");
            }
            byte b = buffer[position++];
            if (b == '\t' || b == '\n') {
                fields.add(isNull ? null : field.toString());
                field.reset();
                isNull = false;
                if (b == '\n') {
                    break;
                }
            } else if (b == '\\') {
                if (position == limit && !fill()) {
                    throw cutOff(fields, "the result ended after a backslash");
                }
                byte escaped = buffer[position++];
                switch (escaped) {
                    case 't' -> field.append((byte) '\t');
                    case 'n' -> field.append((byte) '\n');
                    case 'r' -> field.append((byte) '\r');
                    case '0' -> field.append((byte) 0);
                    case 'b' -> field.append((byte) '\b');
                    case 'f' -> field.append((byte) '\f');
                    case 'N' -> {
                        if (field.isEmpty()) {
                            isNull = true;
                        } else {
                            field.append((byte) 'N');
                        }
                    }
                    default -> field.append(escaped);
                }
            } else {
                field.append(b);
            }
        }
        if (fields.size() != columns) {
            throw cutOff(fields, "a row has " + fields.size() + " fields where " + columns + " were expected");
        }
        rows++;
        return fields;
    }

    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        int read = in.read(buffer);
        while (read == 0) {
            read = in.read(buffer);
        }
        if (read < 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private ClickHouseException cutOff(List<String> fields, String what) {
        String text = String.join(
                        "\t", fields.stream().map(f -> f == null ? "\\N" : f).toList())
                + field;
        String shown = text.length() > 500 ? text.substring(0, 500) + "…" : text;
        ClickHouseException server =
                shown.contains("Code: ") ? ClickHouseException.fromResponse(200, shown, null) : null;
        if (server != null && server.code() != 0) {
            return new ClickHouseException(
                    server.code(), "the query failed after " + rows + " rows: " + server.serverMessage());
        }
        return new ClickHouseException(
                0, "ClickHouse's answer is cut off after " + rows + " rows (" + what + "): " + shown.strip());
    }

    /** A growable UTF-8 byte buffer: fields are decoded once, when complete. */
    private static final class StringBuilderUtf8 {
        private byte[] bytes = new byte[256];
        private int length;

        void append(byte b) {
            if (length == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = b;
        }

        boolean isEmpty() {
            return length == 0;
        }

        void reset() {
            length = 0;
        }

        @Override
        public String toString() {
            return new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
