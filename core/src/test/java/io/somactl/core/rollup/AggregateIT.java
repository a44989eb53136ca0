package io.somactl.core.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.export.BillingDimension;
import io.somactl.core.export.BillingRequest;
import io.somactl.core.export.BillingTotals;
import io.somactl.core.export.ClickHouseBillingSource;
import io.somactl.core.ingest.IngestRun;
import io.somactl.core.report.Grain;
import io.somactl.core.report.TimeRange;
import io.somactl.core.testing.IngestFixture;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The rollups the migration's views fill during a real ingest, read by aggregate and rebuilt by backfill. */
@Tag("stack")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregateIT {
    // The trace covers 2023-11-16 18:15 .. 19:14 UTC; its events run a little past it.
    private static final TimeRange DAY =
            TimeRange.of(Instant.parse("2023-11-16T00:00:00Z"), Instant.parse("2023-11-17T00:00:00Z"));

    private IngestFixture fixture;
    private HttpClickHouse clickHouse;
    private Rollups rollups;

    @BeforeAll
    void ingest() {
        fixture = new IngestFixture("aggregate");
        fixture.produce(IngestFixture.trace(20_000));
        assertTrue(IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 5_000))
                .clean());
        clickHouse = fixture.clickHouse;
        rollups = new Rollups(clickHouse);
    }

    private AggregateRequest byTenant(Grain grain) {
        return new AggregateRequest(DAY, grain, List.of(Dimension.TENANT), List.of());
    }

    @Test
    void rollupsFilledByTheViewsEqualTheBaseTablesAndTheBillingExport() {
        AggregateReport report = rollups.aggregate(byTenant(null));
        assertEquals(List.of(), report.coverageGaps(), "the views saw every ingested row");
        assertEquals(billingByTenant(), costsByTenant(report));
        for (AggregateRow row : report.rows()) {
            String tenant = row.dimensions().get(0);
            RollupMetrics m = row.metrics();
            String where = " WHERE tenant = '" + tenant + "'";
            assertEquals(count("escalation_metrics", where), m.escalations(), tenant);
            assertEquals(
                    rate("escalation_metrics", "outcome = 'fallback'", where),
                    m.fallbackRate(),
                    tenant + " fallback rate");
            assertEquals(rate("escalation_metrics", "outcome = 'error'", where), m.errorRate(), tenant + " error rate");
            assertEquals(rate("tool_metrics", "success = 1", where), m.toolSuccessRate(), tenant + " tool success");
            assertEquals(rate("policy_events", "verdict = 'block'", where), m.refusalRate(), tenant + " refusal rate");
            assertEquals(count("policy_events", where + " AND verdict = 'override'"), m.policyOverrides());
            assertEquals(
                    Double.parseDouble(clickHouse.selectValue("SELECT avg(wer) FROM audio_metrics" + where)),
                    m.werAvg(),
                    1e-9);
            assertEquals(
                    Double.parseDouble(clickHouse.selectValue("SELECT avg(queue_delay_ms) FROM slm_metrics" + where)),
                    m.queueDelayAvgMs(),
                    1e-6);
            // the stored latencies' true p50/p95/p99, within the t-digest's 1% of rank (AggregatePercentilesIT)
            AggregatePercentilesIT.assertWithinOnePercentOfRank(
                    tenant,
                    AggregatePercentilesIT.sorted(
                            clickHouse.select("SELECT latency_ms FROM slm_metrics" + where).stream()
                                    .map(r -> Double.parseDouble(r.get(0)))
                                    .toList()),
                    m);
            assertNull(row.previous(), "the day before has no data");
        }
    }

    @Test
    void hourlyRowsCompareWithTheHourBefore() {
        // One request at 17:30 (before the trace): the 18:00 row of acme compares with it.
        clickHouse.execute(
                "INSERT INTO slm_metrics (event_id, ts, tenant, persona, model_id, role, deployment_mode, status,"
                        + " input_tokens, output_tokens, latency_ms, cost_input_usd, cost_usd, pricing_version) VALUES"
                        + " ('0d7e3c4a-1f2b-4c5d-8e9f-a0b1c2d3e4f5', toDateTime(1700155800), 'acme', 'support-agent', 'soma-slm-8b',"
                        + " 'planner', 'self_hosted', 'ok', 100, 0, 50, 0.000005000000, 0.000005000000, '2026-11-01.1')");
        AggregateReport report = rollups.aggregate(new AggregateRequest(
                TimeRange.of(Instant.parse("2023-11-16T18:00:00Z"), Instant.parse("2023-11-16T19:00:00Z")),
                Grain.HOUR,
                List.of(Dimension.TENANT),
                List.of("acme")));
        assertEquals(1, report.rows().size(), report.rows().toString());
        AggregateRow row = report.rows().get(0);
        assertEquals(Instant.parse("2023-11-16T19:00:00Z"), row.end());
        assertNotNull(row.previous(), "17:00-18:00 had one acme request");
        assertEquals(1, row.previous().requests());
        assertEquals(new BigDecimal("0.000005000000"), row.previous().costUsd());
        assertTrue(row.metrics().requests() > 100);
    }

    @Test
    void groupingByModelPutsVoiceUnderVoiceAndEventsWithoutAModelUnderNone() {
        AggregateReport report =
                rollups.aggregate(new AggregateRequest(DAY, null, List.of(Dimension.MODEL), List.of()));
        Map<String, RollupMetrics> byModel = new TreeMap<>();
        report.rows().forEach(r -> byModel.put(r.dimensions().get(0), r.metrics()));
        assertTrue(
                byModel.keySet().containsAll(List.of("", "voice", "soma-slm-8b", "llama-3.1-70b")),
                byModel.keySet().toString());
        assertEquals(0, byModel.get("").requests(), "tools, policy and audio events are not priced requests");
        assertTrue(byModel.get("").toolCalls() > 0);
        assertEquals(
                count("conversation_metrics", " WHERE channel = 'voice'"),
                byModel.get("voice").requests());
    }

    @Test
    void backfillRebuildsLostRollupsExactlyAndIsIdempotent() {
        AggregateReport before = rollups.aggregate(byTenant(Grain.DAY));
        for (RollupSource source : RollupSource.values()) {
            clickHouse.execute("ALTER TABLE " + source.table() + " DROP PARTITION 202311");
        }
        AggregateReport lost = rollups.aggregate(byTenant(Grain.DAY));
        assertEquals(
                RollupSource.values().length,
                lost.coverageGaps().size(),
                lost.coverageGaps().toString());
        assertTrue(
                lost.coverageGaps().get(0).contains("run")
                        || lost.coverageGaps().get(0).contains("holds 0 of"),
                lost.coverageGaps().toString());

        List<Integer> months = rollups.monthsWithData(null, null);
        assertEquals(List.of(202311), months);
        rollups.backfill(months, m -> {});
        rollups.backfill(months, m -> {});

        AggregateReport after = rollups.aggregate(byTenant(Grain.DAY));
        assertEquals(List.of(), after.coverageGaps());
        assertEquals(costsByTenant(before), costsByTenant(after));
        assertEquals(billingByTenant(), costsByTenant(after));
        for (int i = 0; i < before.rows().size(); i++) {
            assertEquals(
                    before.rows().get(i).metrics().requests(),
                    after.rows().get(i).metrics().requests());
            assertEquals(
                    before.rows().get(i).metrics().totalTokens(),
                    after.rows().get(i).metrics().totalTokens());
            assertEquals(
                    before.rows().get(i).metrics().refusalRate(),
                    after.rows().get(i).metrics().refusalRate());
        }
        assertFalse(rollups.explain(byTenant(Grain.DAY)).isEmpty());
    }

    private Map<String, BigDecimal> costsByTenant(AggregateReport report) {
        Map<String, BigDecimal> costs = new TreeMap<>();
        report.rows()
                .forEach(r -> costs.merge(r.dimensions().get(0), r.metrics().costUsd(), BigDecimal::add));
        return costs;
    }

    private Map<String, BigDecimal> billingByTenant() {
        BillingTotals totals = new BillingTotals();
        new ClickHouseBillingSource(clickHouse)
                .stream(new BillingRequest(DAY, Grain.DAY, List.of(BillingDimension.TENANT), List.of()), totals::add);
        Map<String, BigDecimal> costs = new TreeMap<>();
        totals.byTenant().forEach((t, s) -> costs.put(t, s.costUsd()));
        return costs;
    }

    private long count(String table, String where) {
        return Long.parseLong(clickHouse.selectValue("SELECT count() FROM " + table + where));
    }

    private BigDecimal rate(String table, String condition, String where) {
        long whole = count(table, where);
        return whole == 0
                ? null
                : BigDecimal.valueOf(count(table, where + " AND " + condition))
                        .divide(BigDecimal.valueOf(whole), MathContext.DECIMAL64);
    }
}
