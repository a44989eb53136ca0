package io.somactl.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** aggregate's options and rendering, with no server: --explain, usage errors, the values and arrows a person reads. */
class AggregateCommandTest {
    /** Nothing answers here: a run that tried ClickHouse would fail. */
    private static final String NO_SERVER = "http://127.0.0.1:1";

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--clickhouse-url", NO_SERVER, "--config", "/nonexistent/somactl-config.yaml"));
        int code = new CommandLine(new AggregateCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void explainPrintsTheRollupQueriesForTheRangeGroupsAndTenantsWithoutContactingClickHouse() {
        Result result = run(
                "--since",
                "2023-11-16T18:00:00Z",
                "--until",
                "2023-11-16T20:00:00Z",
                "--period",
                "hour",
                "--group-by",
                "tenant,model",
                "--tenant",
                "acme",
                "--database",
                "billing",
                "--explain");
        assertEquals(0, result.exitCode(), result.toString());
        List<String> statements = List.of(result.out().split(";\n\n"));
        assertEquals(12, statements.size(), "six rollup queries and six base-row counts: " + result.out());
        String slm = statements.get(0);
        assertTrue(slm.contains("CAST(tenant AS String) AS g_tenant, CAST(model AS String) AS g_model"), slm);
        assertTrue(slm.contains("quantilesTDigestMerge(0.5, 0.95, 0.99)(latency_ms_quantiles)"), slm);
        assertTrue(slm.contains("FROM billing.rollup_slm_hourly"), slm);
        // from 17:00 (the hour before, for the arrows) to 20:00
        assertTrue(
                slm.contains("hour >= toDateTime(1700154000) AND hour < toDateTime(1700164800) AND tenant IN ('acme')"),
                slm);
        assertTrue(slm.contains("GROUP BY bucket, g_tenant, g_model"), slm);
    }

    @Test
    void anUnknownMetricGroupIsAUsageErrorNamingTheGroups() {
        Result result = run("--metrics", "usage,speed", "--explain");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(
                result.err()
                        .contains(
                                "--metrics: unknown group 'speed' (usage, latency, escalations, quality, audio, all)"),
                result.toString());
    }

    @Test
    void anUnknownPeriodOrDimensionIsAUsageError() {
        Result period = run("--period", "fortnight", "--explain");
        assertEquals(2, period.exitCode(), period.toString());
        assertTrue(period.err().contains("fortnight"), period.toString());
        Result dimension = run("--group-by", "tenant,colour", "--explain");
        assertEquals(2, dimension.exitCode(), dimension.toString());
        assertTrue(dimension.err().contains("colour"), dimension.toString());
    }

    @Test
    void valuesAreShownAsAPersonReadsThem() {
        assertEquals("$12.35", AggregateCommand.human("cost_usd", new BigDecimal("12.345678901234")));
        assertEquals("12.3%", AggregateCommand.human("fallback_rate", new BigDecimal("0.1234")));
        assertEquals("87.5%", AggregateCommand.human("gpu_utilization_avg", 0.875));
        assertEquals("1234.6", AggregateCommand.human("latency_p95_ms", 1234.56));
        assertEquals("0.123", AggregateCommand.human("wer_avg", 0.12345));
        assertEquals("42", AggregateCommand.human("requests", 42L));
        assertEquals("-", AggregateCommand.human("latency_p50_ms", null), "a metric with no data");
    }

    @Test
    void arrowsShowAMoveOfMoreThanOnePercentAgainstTheBucketBefore() {
        assertEquals(" ↑", AggregateCommand.arrow(102L, 100L));
        assertEquals(" ↓", AggregateCommand.arrow(new BigDecimal("0.98"), new BigDecimal("1.00")));
        assertEquals(" →", AggregateCommand.arrow(100.9, 100.0), "0.9% is about the same");
        assertEquals(" →", AggregateCommand.arrow(0L, 0L));
        assertEquals(" ↑", AggregateCommand.arrow(5L, 0L), "anything after nothing is up");
        assertEquals("", AggregateCommand.arrow(5L, null), "no bucket before, no arrow");
    }
}
