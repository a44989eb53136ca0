package io.somactl.core.report;

import io.somactl.core.text.Printable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The width of one row's time bucket: an hour, a UTC day or a UTC calendar month. Buckets are
 * computed from unix seconds, never in the server's time zone.
 */
public enum Grain {
    HOUR,
    DAY,
    MONTH;

    public static Grain parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Printable.quote(text) + " is not a grain: use hour, day or month");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** SQL giving the bucket's start as unix seconds (UInt32) for a DateTime column. */
    public String bucketSql(String column) {
        return switch (this) {
            case HOUR -> "toUInt32(intDiv(toUInt32(" + column + "), 3600) * 3600)";
            case DAY -> "toUInt32(intDiv(toUInt32(" + column + "), 86400) * 86400)";
            case MONTH -> "toUInt32(toUInt32(toStartOfMonth(" + column + ", 'UTC')) * 86400)";
        };
    }

    /** The start of the bucket holding {@code at}. */
    public Instant floor(Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        return switch (this) {
            case HOUR -> utc.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> utc.truncatedTo(ChronoUnit.DAYS).toInstant();
            case MONTH -> utc.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
        };
    }

    /** The smallest bucket start at or after {@code at}. */
    public Instant ceil(Instant at) {
        Instant floor = floor(at);
        return floor.equals(at) ? at : next(floor);
    }

    public Instant next(Instant bucketStart) {
        return plus(bucketStart, 1);
    }

    public Instant previous(Instant bucketStart) {
        return plus(bucketStart, -1);
    }

    private Instant plus(Instant bucketStart, int amount) {
        ZonedDateTime utc = bucketStart.atZone(ZoneOffset.UTC);
        return switch (this) {
            case HOUR -> utc.plusHours(amount).toInstant();
            case DAY -> utc.plusDays(amount).toInstant();
            case MONTH -> utc.plusMonths(amount).toInstant();
        };
    }
}
