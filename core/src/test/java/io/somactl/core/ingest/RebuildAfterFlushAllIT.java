package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.Secret;
import io.somactl.core.events.Topic;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.redis.RedisSettings;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.RedisServers;
import io.somactl.core.testing.UsageReconciliation;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageKeys;
import io.somactl.core.usage.UsageRebuild;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redis loses everything (FLUSHALL, on a Redis this test started): budget rebuild restores the
 * counters from ClickHouse, and ingest notices by itself, during a run and at the next start.
 */
@Tag("stack")
class RebuildAfterFlushAllIT {

    @Test
    void rebuildAfterFlushAllRestoresCountersEqualToClickHouseSums() throws Exception {
        IngestFixture fixture = new IngestFixture("flushall");
        fixture.produce(IngestFixture.trace(4_000));
        try (RedisServers own = RedisServers.standalone();
                RedisConnection redis = RedisConnection.open(
                        new RedisSettings(own.uri(), Secret.none(), fixture.redisPrefix, Duration.ofSeconds(10)))) {
            RedisUsageCounters counters =
                    new RedisUsageCounters(redis.async(), new UsageKeys(fixture.redisPrefix), Duration.ofSeconds(10));
            try (IngestWorker worker = new IngestWorker(
                    IngestRun.config(fixture, "g-" + fixture.name, 2_000),
                    fixture.kafka(),
                    fixture.clickHouse,
                    counters,
                    PricingCatalog.loadBundled().pricer(),
                    new IngestMetrics(),
                    snapshot -> {},
                    message -> {})) {
                assertTrue(worker.run().clean());
            }
            int compared = UsageReconciliation.assertRedisEqualsClickHouse(fixture.clickHouse, counters);

            own.flushAll();
            assertEquals(0L, redis.async().dbsize().get(), "FLUSHALL left keys behind");

            Map<String, Integer> written = new UsageRebuild(fixture.clickHouse, counters).rebuild(null);

            assertTrue(!written.isEmpty(), "rebuild wrote nothing");
            assertEquals(
                    compared,
                    UsageReconciliation.assertRedisEqualsClickHouse(fixture.clickHouse, counters),
                    "every day and month counter is back and equals ClickHouse's sums");
        }
    }

    @Test
    void flushAllDuringAnIngestRunEndsWithCountersEqualToClickHouseWithoutAManualRebuild() throws Exception {
        IngestFixture fixture = new IngestFixture("flushmid");
        IngestFixture.Expected expected = fixture.produce(IngestFixture.trace(60_000));
        List<String> log = new CopyOnWriteArrayList<>();
        try (RedisServers own = RedisServers.standalone();
                RedisConnection redis = RedisConnection.open(
                        new RedisSettings(own.uri(), Secret.none(), fixture.redisPrefix, Duration.ofSeconds(10)))) {
            RedisUsageCounters counters =
                    new RedisUsageCounters(redis.async(), new UsageKeys(fixture.redisPrefix), Duration.ofSeconds(10));
            IngestConfig config = new IngestConfig(
                    List.of(Topic.values()),
                    fixture.topics,
                    "g-" + fixture.name,
                    1_000,
                    Duration.ofMillis(200),
                    64 * 1024,
                    true,
                    Duration.ofMillis(200),
                    Duration.ofMinutes(2),
                    2);
            long rowsAtFlush;
            IngestSummary summary;
            try (IngestWorker worker = new IngestWorker(
                    config,
                    fixture.kafka(),
                    fixture.clickHouse,
                    counters,
                    PricingCatalog.loadBundled().pricer(),
                    new IngestMetrics(),
                    snapshot -> {},
                    log::add)) {
                CompletableFuture<IngestSummary> running = CompletableFuture.supplyAsync(worker::run);
                rowsAtFlush = waitForRows(fixture, 10_000, running);
                own.flushAll();
                log.add("-- FLUSHALL --");
                summary = running.get(5, TimeUnit.MINUTES);
            }

            assertTrue(summary.clean(), "ingest did not finish cleanly: " + summary.problem());
            assertTrue(rowsAtFlush < expected.total(), "ingest finished before the FLUSHALL; nothing was tested");
            int flushedAt = log.indexOf("-- FLUSHALL --");
            assertTrue(
                    log.subList(flushedAt, log.size()).stream()
                            .anyMatch(line -> line.startsWith("rebuilt the usage counters")),
                    "the worker should have rebuilt the counters after the FLUSHALL; it said: " + log);
            IngestWorkerIT.assertStoredExactlyOnce(fixture, expected);
            UsageReconciliation.assertRedisEqualsClickHouse(fixture.clickHouse, counters);

            // Lost while no worker runs: the next start rebuilds before it reads anything.
            own.flushAll();
            try (IngestWorker worker = new IngestWorker(
                    config,
                    fixture.kafka(),
                    fixture.clickHouse,
                    counters,
                    PricingCatalog.loadBundled().pricer(),
                    new IngestMetrics(),
                    snapshot -> {},
                    log::add)) {
                assertTrue(worker.run().clean());
            }
            UsageReconciliation.assertRedisEqualsClickHouse(fixture.clickHouse, counters);
        }
    }

    /** Waits until ClickHouse holds at least {@code atLeast} slm rows; returns how many it holds then. */
    private static long waitForRows(IngestFixture fixture, long atLeast, CompletableFuture<IngestSummary> running)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            long rows = 0;
            for (Topic topic : Topic.values()) {
                rows += fixture.count(topic);
            }
            if (rows >= atLeast) {
                return rows;
            }
            assertTrue(!running.isDone(), "ingest ended before it stored " + atLeast + " rows");
            Thread.sleep(20);
        }
        throw new AssertionError("ingest did not store " + atLeast + " rows within 2 minutes");
    }
}
