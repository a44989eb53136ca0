package io.somactl.core.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.Secret;
import io.somactl.core.SomactlException;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.redis.RedisSettings;
import io.somactl.core.testing.RedisServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The pieces ingest uses to notice a Redis that lost its counters, on a Redis this test starts (and flushes). */
@Tag("stack")
class RedisStateLossIT {
    private static final Instant HOUR = Instant.parse("2023-11-16T18:00:00Z");
    private static final UsageKeys KEYS = new UsageKeys("lossit");

    @Test
    void aRebuildWhileIngestingNeverOverwritesATenantCountedSinceClickHouseWasRead() {
        try (RedisServers own = RedisServers.standalone();
                RedisConnection redis = open(own)) {
            RedisUsageCounters counters = new RedisUsageCounters(redis.async(), KEYS, Duration.ofSeconds(10));
            String key = KEYS.tenantUsage("acme", UsageWindow.DAY, HOUR);
            counters.replace("acme", Map.of(key, totals(10)), Map.of("slm:0", 500L)); // a worker counted up to 500

            boolean replaced = counters.replace("acme", Map.of(key, totals(7)), Map.of("slm:0", 480L), true);

            assertFalse(replaced, "a snapshot that ends at offset 480 must not replace counters that cover up to 500");
            assertEquals(10, counters.read(key).requests(), "the refused rebuild changed the counters");
            assertTrue(
                    counters.replace("acme", Map.of(key, totals(12)), Map.of("slm:0", 520L), true),
                    "a snapshot at or past Redis's watermarks replaces the counters");
            assertEquals(12, counters.read(key).requests());
        }
    }

    @Test
    void aBatchAppliedToAFlushedRedisIsReportedAsLostAndOneWorkerAtATimeRebuilds() {
        try (RedisServers own = RedisServers.standalone();
                RedisConnection redis = open(own)) {
            RedisUsageCounters counters = new RedisUsageCounters(redis.async(), KEYS, Duration.ofSeconds(10));
            assertTrue(counters.claimRebuild("worker-a", Duration.ofMinutes(1)), "a new Redis needs a rebuild");
            SomactlException waiting = assertThrows(
                    SomactlException.class, () -> counters.claimRebuild("worker-b", Duration.ofMinutes(1)));
            assertTrue(waiting.getMessage().contains("another worker is rebuilding"), waiting.getMessage());
            assertThrows(
                    RedisStateLostException.class,
                    () -> counters.applyChecked(List.of(batch(0))),
                    "nothing may be counted while the counters are being rebuilt");
            assertTrue(counters.completeRebuild("worker-a"));
            assertFalse(counters.claimRebuild("worker-b", Duration.ofMinutes(1)), "the counters are complete again");
            counters.applyChecked(List.of(batch(1)));

            own.flushAll();

            RedisStateLostException lost =
                    assertThrows(RedisStateLostException.class, () -> counters.applyChecked(List.of(batch(2))));
            assertTrue(lost.getMessage().contains(KEYS.ingestMarker()), lost.getMessage());
            assertFalse(counters.marked());
        }
    }

    private static TenantUsageBatch batch(long offset) {
        TenantUsageBatch batch = new TenantUsageBatch("acme", KEYS);
        batch.add(new UsageDelta("acme", "support", HOUR, 10, 5, 15, new BigDecimal("0.001"), 0), "slm:0", offset);
        return batch;
    }

    private static UsageTotals totals(long requests) {
        return new UsageTotals(requests, 0, 0, 0, BigDecimal.ZERO, 0);
    }

    private static RedisConnection open(RedisServers own) {
        return RedisConnection.open(new RedisSettings(own.uri(), Secret.none(), "lossit", Duration.ofSeconds(10)));
    }
}
