package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtcTimestampTest {
    private static final DateTimeFormatter EVENT_LAYOUT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    @Test
    void readsEveryMillisecondOfTheSchemaRangeAsJavaTimeDoes() {
        Random random = new Random(20231116);
        long first = Instant.parse("1970-01-01T00:00:00.000Z").toEpochMilli();
        long last = Instant.parse("2099-12-31T23:59:59.999Z").toEpochMilli();
        for (int i = 0; i < 200_000; i++) {
            long millis = i < 4
                    ? new long[] {first, last, 951_782_400_000L, 1_709_164_800_000L}[i]
                    : first + (long) (random.nextDouble() * (last - first));
            String ts = EVENT_LAYOUT.format(Instant.ofEpochMilli(millis));
            assertEquals(millis, UtcTimestamp.parseMillis(ts), "ts " + ts + " read as a different instant");
        }
    }

    @Test
    void datesThatAPatternAllowsButTheCalendarDoesNotAreRefusedByName() {
        for (String ts : new String[] {
            "2023-02-30T10:00:00.000Z",
            "2023-02-29T10:00:00.000Z",
            "2023-04-31T00:00:00.000Z",
            "2023-01-01T24:00:00.000Z",
            "2023-01-01T23:60:00.000Z",
            "2023-01-01T23:59:60.000Z",
            "2023-01-01T23:59:59.99xZ",
            "2023-13-01T00:00:00.000Z"
        }) {
            DateTimeException e = assertThrows(DateTimeException.class, () -> UtcTimestamp.parseMillis(ts), ts);
            assertTrue(e.getMessage().startsWith("ts " + ts + " is not a real time"), e.getMessage());
        }
        assertEquals(
                Instant.parse("2024-02-29T12:00:00.000Z").toEpochMilli(),
                UtcTimestamp.parseMillis("2024-02-29T12:00:00.000Z"));
    }

    @Test
    void otherLayoutsFallBackToTheGeneralParser() {
        assertEquals(
                Instant.parse("2023-11-16T18:15:46Z").toEpochMilli(), UtcTimestamp.parseMillis("2023-11-16T18:15:46Z"));
        assertThrows(DateTimeException.class, () -> UtcTimestamp.parseMillis("yesterday"));
    }
}
