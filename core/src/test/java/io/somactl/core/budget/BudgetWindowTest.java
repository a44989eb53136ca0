package io.somactl.core.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.usage.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetWindowTest {
    private static final Instant NOW = Instant.parse("2023-11-16T18:25:00Z");

    @Test
    void aUtcCalendarDayIsOneDayCounter() {
        BudgetWindow day = BudgetWindow.current(Period.DAILY, WindowKind.CALENDAR, ZoneOffset.UTC, NOW);
        assertEquals(Instant.parse("2023-11-16T00:00:00Z"), day.start());
        assertEquals(Instant.parse("2023-11-17T00:00:00Z"), day.end());
        assertEquals("2023-11-16", day.label());
        assertEquals(List.of(new Bucket(UsageWindow.DAY, day.start())), day.buckets());
    }

    @Test
    void aUtcCalendarMonthIsOneMonthCounter() {
        BudgetWindow month = BudgetWindow.current(Period.MONTHLY, WindowKind.CALENDAR, ZoneOffset.UTC, NOW);
        assertEquals(Instant.parse("2023-11-01T00:00:00Z"), month.start());
        assertEquals(Instant.parse("2023-12-01T00:00:00Z"), month.end());
        assertEquals(List.of(new Bucket(UsageWindow.MONTH, month.start())), month.buckets());
    }

    @Test
    void aBerlinDayStartsAtLocalMidnightAndReadsTheHoursBeforeUtcMidnightThenTheUtcDay() {
        BudgetWindow day = BudgetWindow.current(Period.DAILY, WindowKind.CALENDAR, ZoneId.of("Europe/Berlin"), NOW);
        assertEquals(Instant.parse("2023-11-15T23:00:00Z"), day.start());
        assertEquals(Instant.parse("2023-11-16T23:00:00Z"), day.end());
        assertEquals(
                List.of(
                        new Bucket(UsageWindow.HOUR, Instant.parse("2023-11-15T23:00:00Z")),
                        new Bucket(UsageWindow.DAY, Instant.parse("2023-11-16T00:00:00Z"))),
                day.buckets());
    }

    @Test
    void aNewYorkDayJustAfterLocalMidnightReadsOnlyHours() {
        Instant now = Instant.parse("2023-11-17T06:10:00Z"); // 01:10 in New York
        BudgetWindow day = BudgetWindow.current(Period.DAILY, WindowKind.CALENDAR, ZoneId.of("America/New_York"), now);
        assertEquals(Instant.parse("2023-11-17T05:00:00Z"), day.start());
        assertEquals(
                List.of(
                        new Bucket(UsageWindow.HOUR, Instant.parse("2023-11-17T05:00:00Z")),
                        new Bucket(UsageWindow.HOUR, Instant.parse("2023-11-17T06:00:00Z"))),
                day.buckets().subList(0, 2));
    }

    @Test
    void daylightSavingDaysAre23And25HoursLong() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        BudgetWindow spring = BudgetWindow.calendar(Period.DAILY, berlin, "2023-03-26", false);
        BudgetWindow autumn = BudgetWindow.calendar(Period.DAILY, berlin, "2023-10-29", false);
        assertEquals(Duration.ofHours(23), Duration.between(spring.start(), spring.end()));
        assertEquals(Duration.ofHours(25), Duration.between(autumn.start(), autumn.end()));
        assertTiles(spring);
        assertTiles(autumn);
    }

    @Test
    void halfHourZonesTakeTheBoundaryAtTheUtcHourContainingIt() {
        BudgetWindow day = BudgetWindow.calendar(Period.DAILY, ZoneId.of("Asia/Kolkata"), "2023-11-16", false);
        // local midnight is 18:30 UTC the day before
        assertEquals(Instant.parse("2023-11-15T18:00:00Z"), day.start());
        assertEquals(Instant.parse("2023-11-16T18:00:00Z"), day.end());
        assertTiles(day);
    }

    @Test
    void theLast24HoursAreTheCurrentHourAndThe23BeforeIt() {
        BudgetWindow rolling = BudgetWindow.current(Period.DAILY, WindowKind.ROLLING, ZoneOffset.UTC, NOW);
        assertEquals(Instant.parse("2023-11-15T19:00:00Z"), rolling.start());
        assertEquals(Instant.parse("2023-11-16T19:00:00Z"), rolling.end(), "the oldest hour leaves at the next hour");
        assertEquals(5 + 1, rolling.buckets().size(), "19..23 as hours, then today's day counter");
        assertEquals("last 24h", rolling.label());
    }

    @Test
    void theLast30DaysArePartialDayHoursThenDays() {
        BudgetWindow rolling = BudgetWindow.current(Period.MONTHLY, WindowKind.ROLLING, ZoneOffset.UTC, NOW);
        assertEquals(Instant.parse("2023-10-17T19:00:00Z"), rolling.start());
        long hours = rolling.buckets().stream()
                .filter(b -> b.unit() == UsageWindow.HOUR)
                .count();
        assertEquals(5, hours);
        assertTrue(
                rolling.buckets().contains(new Bucket(UsageWindow.MONTH, Instant.parse("2023-11-01T00:00:00Z"))),
                "November so far is one month counter: " + rolling.buckets());
    }

    @Test
    void everyWindowInEveryZoneReadsABoundedNumberOfCountersAndClosedOnesTileExactly() {
        Instant start = Instant.parse("2023-01-01T00:00:00Z");
        List<String> zones = List.of(
                "UTC",
                "Europe/Berlin",
                "America/New_York",
                "Asia/Kolkata",
                "Asia/Kathmandu",
                "Pacific/Kiritimati",
                "Pacific/Pago_Pago",
                "Australia/Lord_Howe",
                "America/St_Johns");
        for (String name : zones) {
            ZoneId zone = ZoneId.of(name);
            for (long h = 0; h < 24 * 400; h += 7) {
                Instant now = start.plus(Duration.ofHours(h)).plusSeconds(1234);
                for (Period period : Period.values()) {
                    for (WindowKind kind : WindowKind.values()) {
                        BudgetWindow window = BudgetWindow.current(period, kind, zone, now);
                        int max = period == Period.DAILY ? 25 : 55;
                        assertTrue(
                                window.buckets().size() <= max,
                                name + " " + period + " " + kind + " at " + now + " reads "
                                        + window.buckets().size() + " counters");
                        assertTrue(
                                !now.isBefore(window.start()) && now.isBefore(window.end()), "now lies in the window");
                    }
                    assertTiles(BudgetWindow.previous(period, zone, now));
                }
            }
        }
    }

    @Test
    void previousWindowIsTheDayOrMonthBeforeInTheTenantsZone() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        Instant now = Instant.parse("2023-11-16T16:00:00Z"); // 01:00 on the 17th in Tokyo
        assertEquals(
                "2023-11-16", BudgetWindow.previous(Period.DAILY, tokyo, now).label());
        assertEquals(
                "2023-10", BudgetWindow.previous(Period.MONTHLY, tokyo, now).label());
        assertEquals(
                "2023-11-15",
                BudgetWindow.previous(Period.DAILY, ZoneOffset.UTC, now).label());
    }

    /** A closed window's buckets cover [start, end) exactly, without gaps or overlaps. */
    private static void assertTiles(BudgetWindow window) {
        Instant cursor = window.start();
        for (Bucket bucket : window.buckets()) {
            assertEquals(cursor, bucket.start(), "gap or overlap in " + window);
            ZonedDateTime at = bucket.start().atZone(ZoneOffset.UTC);
            cursor = switch (bucket.unit()) {
                case HOUR -> at.plusHours(1).toInstant();
                case DAY -> at.plusDays(1).toInstant();
                case MONTH -> at.plusMonths(1).toInstant();
            };
        }
        assertEquals(window.end(), cursor, "buckets end at the window's end: " + window);
    }
}
