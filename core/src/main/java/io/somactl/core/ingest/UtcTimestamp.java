package io.somactl.core.ingest;

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

    private UtcTimestamp() {
    }

    /** @throws DateTimeException naming the value when it is not a real UTC time */
    static long parseMillis(String ts) {
        if (ts.length() != LAYOUT.length() || ts.charAt(4) != '-' || ts.charAt(7) != '-' || ts.charAt(10) != 'T'
                || ts.charAt(13) != ':' || ts.charAt(16) != ':' || ts.charAt(19) != '.' || ts.charAt(23) != 'Z') {
            return general(ts);
        }
        try {
            long day = LocalDate.of(digits(ts, 0, 4), digits(ts, 5, 7), digits(ts, 8, 10)).toEpochDay();
            int hour = digits(ts, 11, 13);
            int minute = digits(ts, 14, 16);
            int second = digits(ts, 17, 19);
            if (hour > 23 || minute > 59 || second > 59) {
                throw new DateTimeException("time of day out of range");
            }
            return ((day * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + digits(ts, 20, 23);
        } catch (DateTimeException e) {
            throw new DateTimeException("ts " + ts + " is not a real time: " + e.getMessage(), e);
        }
    }

    private static long general(String ts) {
        try {
            return Instant.parse(ts).toEpochMilli();
        } catch (DateTimeException e) {
            throw new DateTimeException("ts " + ts + " is not a real time: " + e.getMessage(), e);
        }
    }

    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new DateTimeException("'" + s.charAt(i) + "' is not a digit");
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
