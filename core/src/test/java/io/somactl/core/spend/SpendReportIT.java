package io.somactl.core.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.ingest.IngestConfig;
import io.somactl.core.ingest.IngestWorker;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageKeys;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("stack")
class SpendReportIT {
    private static final Instant ALL_FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant ALL_TO = Instant.parse("2100-01-01T00:00:00Z");
    static IngestFixture fixture;

    @BeforeAll
    static void ingestTheTrace() {
        fixture = new IngestFixture("spend");
        fixture.produce(IngestFixture.trace(6_000));
        IngestConfig config = new IngestConfig(List.of(Topic.values()), fixture.topics, "g-" + fixture.name, 5_000,
                Duration.ofMillis(200), 65_536, true, Duration.ofMillis(500));
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
             IngestWorker worker = new IngestWorker(config, fixture.kafka(), fixture.clickHouse,
                     new RedisUsageCounters(redis.async(), new UsageKeys(fixture.redisPrefix), Duration.ofSeconds(10)),
                     PricingCatalog.loadBundled().pricer(), io.somactl.core.events.EventValidator.loadBundled(),
                     new IngestMetrics(), s -> {}, m -> {})) {
            assertTrue(worker.run().clean());
        }
    }

    @Test
    void spendByTenantAddsUpToEveryPricedRowAndComesMostExpensiveFirst() {
        List<SpendRow> rows = new SpendReport(fixture.clickHouse).spend(SpendReport.GroupBy.TENANT, ALL_FROM, ALL_TO);
        BigDecimal total = rows.stream().map(SpendRow::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal stored = fixture.costSum(Topic.SLM_METRICS).add(fixture.costSum(Topic.ESCALATION_METRICS))
                .add(fixture.costSum(Topic.CONVERSATION_METRICS));
        assertEquals(0, stored.compareTo(total), "spend total " + total + " differs from the priced rows' sum " + stored);
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i - 1).costUsd().compareTo(rows.get(i).costUsd()) >= 0, "not ordered by cost: " + rows);
        }
        assertEquals(fixture.sum(Topic.SLM_METRICS, "input_tokens") + fixture.sum(Topic.ESCALATION_METRICS, "input_tokens")
                + Long.parseLong(fixture.clickHouse.selectValue(
                        "SELECT sum(ifNull(input_tokens, 0)) FROM conversation_metrics WHERE channel = 'voice'")),
                rows.stream().mapToLong(SpendRow::inputTokens).sum(), "input tokens across tenants");
    }

    @Test
    void spendByModelNamesTheVoicePipelineAndTheModels() {
        List<SpendRow> rows = new SpendReport(fixture.clickHouse).spend(SpendReport.GroupBy.MODEL, ALL_FROM, ALL_TO);
        List<String> models = rows.stream().map(SpendRow::group).toList();
        assertTrue(models.contains("soma-slm-8b") && models.contains("voice-pipeline"), models.toString());
    }

    @Test
    void aPeriodWithoutEventsSpendsNothing() {
        assertTrue(new SpendReport(fixture.clickHouse).spend(SpendReport.GroupBy.PERSONA,
                Instant.parse("2030-01-01T00:00:00Z"), ALL_TO).isEmpty());
    }
}
