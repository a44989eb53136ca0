package io.somactl.core.ingest;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads an event's {@code ts}, e.g. {@code 2023-11-16T18:15:46.680Z}, as epoch milliseconds. The
 * schema's pattern already fixes the layout; this adds what a pattern cannot check (February 30th
 * is not a date) and does it without the general parser's cost, which ingest pays per event.
 */
final class UtcTimestamp {
    private static final String LAYOUT = "yyyy-MM-ddTHH:mm:ss.SSSZ";

    private UtcTimestamp() {}

    /** @throws DateTimeException naming the value when it is not a real UTC time */
    static long parseMillis(String ts) {
        if (ts.length() != LAYOUT.length() || !ts.chars().allMatch(c -> c < 0x80)) {
            return general(ts);
        }
        return parseMillis(ts.getBytes(StandardCharsets.US_ASCII), 0, ts.length());
    }

    /** {@link #parseMillis(String)} of the ASCII text {@code ascii[from, to)}. */
    static long parseMillis(byte[] ascii, int from, int to) {
        if (to - from != LAYOUT.length()
                || ascii[from + 4] != '-'
                || ascii[from + 7] != '-'
                || ascii[from + 10] != 'T'
                || ascii[from + 13] != ':'
                || ascii[from + 16] != ':'
                || ascii[from + 19] != '.'
                || ascii[from + 23] != 'Z') {
            return general(new String(ascii, from, to - from, StandardCharsets.ISO_8859_1));
        }
        try {
            long day = LocalDate.of(digits(ascii, from, 0, 4), digits(ascii, from, 5, 7), digits(ascii, from, 8, 10))
                    .toEpochDay();
            int hour = digits(ascii, from, 11, 13);
            int minute = digits(ascii, from, 14, 16);
            int second = digits(ascii, from, 17, 19);
            if (hour > 23 || minute > 59 || second > 59) {
                throw new DateTimeException("time of day out of range");
            }
            return ((day * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + digits(ascii, from, 20, 23);
        } catch (DateTimeException e) {
            throw new DateTimeException(
                    "ts " + new String(ascii, from, to - from, StandardCharsets.ISO_8859_1) + " is not a real time: "
                            + e.getMessage(),
                    e);
        }
    }

    private static long general(String ts) {
        try {
            return Instant.parse(ts).toEpochMilli();
        } catch (DateTimeException e) {
            throw new DateTimeException("ts " + ts + " is not a real time: " + e.getMessage(), e);
        }
    }

    private static int digits(byte[] ascii, int base, int from, int to) {
        int value = 0;
        for (int i = base + from; i < base + to; i++) {
            int digit = ascii[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new DateTimeException("'" + (char) ascii[i] + "' is not a digit");
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
