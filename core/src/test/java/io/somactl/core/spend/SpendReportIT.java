package io.somactl.core.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.ingest.IngestRun;
import io.somactl.core.testing.IngestFixture;
import java.math.BigDecimal;
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
        assertTrue(IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 5_000))
                .clean());
    }

    @Test
    void spendByTenantAddsUpToEveryPricedRowAndComesMostExpensiveFirst() {
        List<SpendRow> rows = new SpendReport(fixture.clickHouse).spend(SpendReport.GroupBy.TENANT, ALL_FROM, ALL_TO);
        BigDecimal total = rows.stream().map(SpendRow::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal stored = fixture.costSum(Topic.SLM_METRICS)
                .add(fixture.costSum(Topic.ESCALATION_METRICS))
                .add(fixture.costSum(Topic.CONVERSATION_METRICS));
        assertEquals(
                0, stored.compareTo(total), "spend total " + total + " differs from the priced rows' sum " + stored);
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i - 1).costUsd().compareTo(rows.get(i).costUsd()) >= 0, "not ordered by cost: " + rows);
        }
        assertEquals(
                fixture.sum(Topic.SLM_METRICS, "input_tokens")
                        + fixture.sum(Topic.ESCALATION_METRICS, "input_tokens")
                        + Long.parseLong(
                                fixture.clickHouse.selectValue(
                                        "SELECT sum(ifNull(input_tokens, 0)) FROM conversation_metrics WHERE channel = 'voice'")),
                rows.stream().mapToLong(SpendRow::inputTokens).sum(),
                "input tokens across tenants");
    }

    @Test
    void spendByModelNamesTheVoicePipelineAndTheModels() {
        List<SpendRow> rows = new SpendReport(fixture.clickHouse).spend(SpendReport.GroupBy.MODEL, ALL_FROM, ALL_TO);
        List<String> models = rows.stream().map(SpendRow::group).toList();
        assertTrue(models.contains("soma-slm-8b") && models.contains("voice-pipeline"), models.toString());
    }

    @Test
    void aPeriodWithoutEventsSpendsNothing() {
        assertTrue(new SpendReport(fixture.clickHouse)
                .spend(SpendReport.GroupBy.PERSONA, Instant.parse("2030-01-01T00:00:00Z"), ALL_TO)
                .isEmpty());
    }
}
