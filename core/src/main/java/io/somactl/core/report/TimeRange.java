package io.somactl.core.report;

import io.somactl.core.text.Printable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A half-open interval of time, {@code [since, until)}, in UTC, with the label people gave it
 * ({@code 2026-11}, {@code 2026-11-05}, or {@code since/until}). Queries select {@code ts >= since
 * AND ts < until}, so consecutive ranges never count an event twice.
 */
public record TimeRange(Instant since, Instant until, String label) {
    public TimeRange {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (!until.isAfter(since)) {
            throw new IllegalArgumentException(
                    "the period is empty: until (" + until + ") must be after since (" + since + ")");
        }
        if (since.getNano() != 0 || until.getNano() != 0) {
            throw new IllegalArgumentException(
                    "since and until are whole seconds (ClickHouse stores ts in seconds): " + since + ", " + until);
        }
        label = label == null || label.isBlank() ? since + "/" + until : label;
    }

    public static TimeRange of(Instant since, Instant until) {
        return new TimeRange(since, until, null);
    }

    /**
     * {@code 2026-11} (that month) or {@code 2026-11-05} (that day), in UTC.
     *
     * @throws IllegalArgumentException with examples, for anything else
     */
    public static TimeRange parsePeriod(String text) {
        String value = text.strip();
        try {
            if (value.matches("\\d{4}-\\d{2}")) {
                YearMonth month = YearMonth.parse(value);
                return new TimeRange(
                        month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                        month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                        value);
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                LocalDate day = LocalDate.parse(value);
                return new TimeRange(
                        day.atStartOfDay().toInstant(ZoneOffset.UTC),
                        day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                        value);
            }
        } catch (DateTimeParseException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                Printable.quote(text) + " is not a period: use a month (2026-11) or a day (2026-11-05), in UTC");
    }

    public Duration length() {
        return Duration.between(since, until);
    }

    public boolean contains(Instant at) {
        return !at.isBefore(since) && at.isBefore(until);
    }

    /** {@code ts >= toDateTime(since) AND ts < toDateTime(until)} for a DateTime column. */
    public String where(String column) {
        return column + " >= toDateTime(" + since.getEpochSecond() + ") AND " + column + " < toDateTime("
                + until.getEpochSecond() + ")";
    }

    @Override
    public String toString() {
        return label;
    }
}
