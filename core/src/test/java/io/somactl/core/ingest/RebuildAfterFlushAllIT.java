package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.Secret;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.redis.RedisSettings;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.UsageReconciliation;
import io.somactl.core.testing.RedisServers;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageKeys;
import io.somactl.core.usage.UsageRebuild;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Redis loses everything (FLUSHALL, on a Redis this test started) and budget rebuild restores the counters from ClickHouse. */
@Tag("stack")
class RebuildAfterFlushAllIT {

    @Test
    void rebuildAfterFlushAllRestoresCountersEqualToClickHouseSums() throws Exception {
        IngestFixture fixture = new IngestFixture("flushall");
        fixture.produce(IngestFixture.trace(4_000));
        try (RedisServers own = RedisServers.standalone();
             RedisConnection redis = RedisConnection.open(new RedisSettings(own.uri(), Secret.none(), fixture.redisPrefix,
                     Duration.ofSeconds(10)))) {
            RedisUsageCounters counters = new RedisUsageCounters(redis.async(), new UsageKeys(fixture.redisPrefix),
                    Duration.ofSeconds(10));
            try (IngestWorker worker = new IngestWorker(IngestRun.config(fixture, "g-" + fixture.name, 2_000), fixture.kafka(),
                    fixture.clickHouse, counters, PricingCatalog.loadBundled().pricer(),
                    new IngestMetrics(), snapshot -> {}, message -> {})) {
                assertTrue(worker.run().clean());
            }
            int compared = UsageReconciliation.assertRedisEqualsClickHouse(fixture.clickHouse, counters);

            own.flushAll();
            assertEquals(0L, redis.async().dbsize().get(), "FLUSHALL left keys behind");

            Map<String, Integer> written = new UsageRebuild(fixture.clickHouse, counters).rebuild(null);

            assertTrue(!written.isEmpty(), "rebuild wrote nothing");
            assertEquals(compared, UsageReconciliation.assertRedisEqualsClickHouse(fixture.clickHouse, counters),
                    "every day and month counter is back and equals ClickHouse's sums");
        }
    }
}
