package io.somactl.core.budget;

import io.somactl.core.usage.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The time span a budget counts and the usage counters that cover it.
 *
 * <p>Usage is counted by ingest in UTC hour, day and month buckets. A window is therefore
 * whole UTC hours: {@code [start, end)} with both ends on an hour. Calendar windows start at local
 * midnight (or the 1st of the month) in the tenant's time zone; in a zone whose offset is not a
 * whole number of hours (India, Nepal) the boundary is taken at the UTC hour containing it.
 * Rolling windows are the current UTC hour and the 23 (last 24 h) or 719 (last 30 d) before it.
 *
 * <p>The counters read are the fewest buckets that tile the window up to now: the largest bucket
 * (month, day, hour) that starts at the cursor and ends by the window's end, or runs past "now"
 * (nothing has been counted after now yet). That is at most 25 keys for a day window and 55 for a
 * month or 30-day window, whatever the time zone, and one key for a UTC calendar day or month.
 */
public record BudgetWindow(
        Period period, WindowKind kind, Instant start, Instant end, String label, boolean openEnded) {
    public static final int MAX_BUCKETS = 56;
    private static final Duration HOUR = Duration.ofHours(1);

    /** The window in force at {@code now}; for rolling windows {@code end} is when the oldest hour leaves. */
    public static BudgetWindow current(Period period, WindowKind kind, ZoneId zone, Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        if (kind == WindowKind.ROLLING) {
            Instant start = hour.minus(period == Period.DAILY ? Duration.ofHours(23) : Duration.ofHours(719));
            Instant end = hour.plus(HOUR);
            return new BudgetWindow(period, kind, start, end, period == Period.DAILY ? "last 24h" : "last 30d", true);
        }
        return calendar(period, zone, currentId(period, zone, now), true);
    }

    /** The calendar window before the current one: what {@code budget reset} archives. */
    public static BudgetWindow previous(Period period, ZoneId zone, Instant now) {
        String current = currentId(period, zone, now);
        String id = period == Period.DAILY
                ? LocalDate.parse(current).minusDays(1).toString()
                : YearMonth.parse(current).minusMonths(1).toString();
        return calendar(period, zone, id, false);
    }

    /**
     * The id of the calendar window containing {@code now}: the local date or month, or the next one
     * when an hour-aligned boundary (zones with half-hour offsets) has already passed.
     */
    static String currentId(Period period, ZoneId zone, Instant now) {
        ZonedDateTime local = now.atZone(zone);
        String id = period == Period.DAILY
                ? local.toLocalDate().toString()
                : YearMonth.from(local).toString();
        BudgetWindow window = calendar(period, zone, id, false);
        return now.isBefore(window.end()) ? id : window.nextId();
    }

    /**
     * A calendar window by its id: {@code 2023-11-16} (daily) or {@code 2023-11} (monthly), in {@code zone}.
     * {@code openEnded}: nothing was counted after now, so buckets may run past the window's end.
     */
    public static BudgetWindow calendar(Period period, ZoneId zone, String id, boolean openEnded) {
        ZonedDateTime localStart;
        ZonedDateTime localEnd;
        if (period == Period.DAILY) {
            LocalDate day = LocalDate.parse(id);
            localStart = day.atStartOfDay(zone);
            localEnd = day.plusDays(1).atStartOfDay(zone);
        } else {
            YearMonth month = YearMonth.parse(id);
            localStart = month.atDay(1).atStartOfDay(zone);
            localEnd = month.plusMonths(1).atDay(1).atStartOfDay(zone);
        }
        Instant start = localStart.toInstant().truncatedTo(ChronoUnit.HOURS);
        Instant end = localEnd.toInstant().truncatedTo(ChronoUnit.HOURS);
        return new BudgetWindow(period, WindowKind.CALENDAR, start, end, id, openEnded);
    }

    /**
     * The counters that cover the window (computed on demand: a budget check reads the window's kept
     * totals instead, see {@link RedisBudgetCheck}).
     */
    public List<Bucket> buckets() {
        return tile(start, end, openEnded);
    }

    /** The id of the calendar window after this one. */
    public String nextId() {
        return period == Period.DAILY
                ? LocalDate.parse(label).plusDays(1).toString()
                : YearMonth.parse(label).plusMonths(1).toString();
    }

    public Duration untilEnd(Instant now) {
        Duration left = Duration.between(now, end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Tiles {@code [from, to)} (UTC hours) with the largest buckets that fit; see the class comment. */
    static List<Bucket> tile(Instant from, Instant to, boolean openEnded) {
        List<Bucket> buckets = new ArrayList<>();
        Instant cursor = from;
        while (cursor.isBefore(to)) {
            ZonedDateTime utc = cursor.atZone(ZoneOffset.UTC);
            Bucket bucket;
            Instant next;
            boolean dayStart = utc.getHour() == 0;
            Instant monthEnd = utc.plusMonths(1).toInstant();
            Instant dayEnd = utc.plusDays(1).toInstant();
            if (dayStart && utc.getDayOfMonth() == 1 && (openEnded || !monthEnd.isAfter(to))) {
                bucket = new Bucket(UsageWindow.MONTH, cursor);
                next = monthEnd;
            } else if (dayStart && (openEnded || !dayEnd.isAfter(to))) {
                bucket = new Bucket(UsageWindow.DAY, cursor);
                next = dayEnd;
            } else {
                bucket = new Bucket(UsageWindow.HOUR, cursor);
                next = cursor.plus(HOUR);
            }
            buckets.add(bucket);
            cursor = next;
        }
        return List.copyOf(buckets);
    }
}
