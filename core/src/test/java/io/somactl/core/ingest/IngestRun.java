package io.somactl.core.ingest;

import io.somactl.core.events.Topic;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageKeys;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs an in-process ingest worker of a fixture until it has caught up. */
public final class IngestRun {
    private IngestRun() {}

    public static IngestConfig config(IngestFixture fixture, String group, int batchSize) {
        return new IngestConfig(
                List.of(Topic.values()),
                fixture.topics,
                group,
                batchSize,
                Duration.ofMillis(200),
                64 * 1024,
                true,
                Duration.ofMillis(500),
                Duration.ZERO,
                2);
    }

    public static IngestSummary untilCaughtUp(IngestFixture fixture, IngestConfig config) {
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
                IngestWorker worker = worker(fixture, config, redis)) {
            return worker.run();
        }
    }

    static CompletableFuture<IngestSummary> inBackground(IngestFixture fixture, IngestConfig config) {
        return CompletableFuture.supplyAsync(() -> untilCaughtUp(fixture, config));
    }

    /** A worker running in the background until {@link Running#stop()}. */
    static Running start(IngestFixture fixture, IngestConfig config) {
        RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
        IngestWorker worker = worker(fixture, config, redis);
        return new Running(redis, worker, CompletableFuture.supplyAsync(worker::run));
    }

    record Running(RedisConnection redis, IngestWorker worker, CompletableFuture<IngestSummary> summary)
            implements AutoCloseable {
        IngestSummary stop() {
            worker.stop();
            return summary.join();
        }

        @Override
        public void close() {
            worker.stop();
            summary.exceptionally(e -> null).join();
            worker.close();
            redis.close();
        }
    }

    static RedisUsageCounters counters(IngestFixture fixture, RedisConnection redis) {
        return new RedisUsageCounters(redis.async(), new UsageKeys(fixture.redisPrefix), Duration.ofSeconds(10));
    }

    private static IngestWorker worker(IngestFixture fixture, IngestConfig config, RedisConnection redis) {
        return worker(fixture, config, redis, fixture.clickHouse);
    }

    /** A worker that stores into {@code clickHouse}, which may be a server that is not there. */
    static IngestWorker worker(
            IngestFixture fixture,
            IngestConfig config,
            RedisConnection redis,
            io.somactl.core.clickhouse.ClickHouse clickHouse) {
        return new IngestWorker(
                config,
                fixture.kafka(),
                clickHouse,
                counters(fixture, redis),
                PricingCatalog.loadBundled().pricer(),
                new IngestMetrics(),
                snapshot -> {},
                message -> System.err.println("ingest: " + message));
    }
}
