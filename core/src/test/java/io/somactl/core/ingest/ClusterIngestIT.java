package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.calls.CallFilter;
import io.somactl.core.calls.CallSummaries;
import io.somactl.core.calls.CallSummary;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.clickhouse.Sql;
import io.somactl.core.events.Topic;
import io.somactl.core.export.BillingDimension;
import io.somactl.core.export.BillingExport;
import io.somactl.core.export.BillingFormat;
import io.somactl.core.export.BillingRequest;
import io.somactl.core.export.ClickHouseBillingSource;
import io.somactl.core.export.ExportProgress;
import io.somactl.core.export.ExportResult;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.report.Grain;
import io.somactl.core.report.TimeRange;
import io.somactl.core.rollup.AggregateReport;
import io.somactl.core.rollup.AggregateRequest;
import io.somactl.core.rollup.Dimension;
import io.somactl.core.rollup.Rollups;
import io.somactl.core.schema.ClusterSchemaStatus;
import io.somactl.core.schema.DdlRenderer;
import io.somactl.core.schema.MigrationCatalog;
import io.somactl.core.schema.MigrationRunner;
import io.somactl.core.schema.MigrationState;
import io.somactl.core.schema.MigrationStatus;
import io.somactl.core.spend.SpendReport;
import io.somactl.core.spend.SpendRow;
import io.somactl.core.testing.ClickHouseCluster;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Expected;
import io.somactl.core.testing.UsageReconciliation;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageRebuild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * somactl on a real ClickHouse cluster (stack/up --cluster: two shards of two replicas, ZooKeeper), as
 * users run it: {@code schema apply --cluster}, ingest workers and every read through the Distributed
 * tables of the entry node. The same trace events also go to a single-node fixture, the reference.
 * Tagged "cluster": {@code -Dsurefire.excludedGroups=cluster} leaves these out, {@code -Dgroups=cluster}
 * runs only these.
 */
@Tag("stack")
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIngestIT {
    private static final int EVENTS = 20_000;
    private static final java.util.Set<Topic> PRICED =
            java.util.EnumSet.of(Topic.SLM_METRICS, Topic.ESCALATION_METRICS, Topic.CONVERSATION_METRICS);

    private final List<IngestFixture> onCluster = new ArrayList<>();
    private ClickHouseCluster cluster;
    private IngestFixture fixture;
    private IngestFixture single;
    private Expected expected;
    private IngestSummary first;
    private IngestSummary second;

    @TempDir
    Path dir;

    @BeforeAll
    void twoWorkersIngestTheTraceIntoTheClusterAndOneIntoASingleNode() throws Exception {
        cluster = ClickHouseCluster.ensureUp();
        fixture = clusterFixture("cluster");
        single = new IngestFixture("single");
        List<TopicEvent> events = IngestFixture.trace(EVENTS);
        String group = "g-" + fixture.name;
        IngestConfig config = new IngestConfig(
                List.of(Topic.values()),
                fixture.topics,
                group,
                2_000,
                Duration.ofMillis(200),
                64 * 1024,
                false,
                Duration.ofMillis(500),
                Duration.ZERO,
                2);
        try (IngestRun.Running one = IngestRun.start(fixture, config);
                IngestRun.Running two = IngestRun.start(fixture, config)) {
            fixture.awaitMembersWithPartitions(group, 2);
            expected = fixture.produce(events);
            fixture.awaitRows(expected);
            first = one.stop();
            second = two.stop();
        }
        single.produce(events);
        IngestSummary reference = IngestRun.untilCaughtUp(single, IngestRun.config(single, "g-" + single.name, 5_000));
        assertTrue(reference.clean(), reference.problem());
    }

    @AfterAll
    void dropTheClusterDatabases() {
        onCluster.forEach(f -> cluster.drop(f.database));
    }

    private IngestFixture clusterFixture(String purpose) {
        IngestFixture made = IngestFixture.onCluster(purpose, cluster);
        onCluster.add(made);
        return made;
    }

    @Test
    void schemaApplyLeavesReplicatedTablesOnEveryNodeBehindDistributedTablesOfTheUsualNames() {
        for (String node : ClickHouseCluster.NODES) {
            HttpClickHouse clickHouse = cluster.node(node, fixture.database);
            for (Topic topic : Topic.values()) {
                assertEquals(
                        "ReplicatedMergeTree",
                        engine(clickHouse, topic.table() + DdlRenderer.LOCAL_SUFFIX),
                        node + ": " + topic.table() + "_local should be replicated");
                assertEquals("Distributed", engine(clickHouse, topic.table()), node + ": " + topic.table());
            }
            assertEquals("ReplicatedAggregatingMergeTree", engine(clickHouse, "rollup_slm_hourly_local"), node);
            assertEquals("MaterializedView", engine(clickHouse, "rollup_slm_hourly_mv"), node);
            assertEquals("Distributed", engine(clickHouse, "rollup_slm_hourly"), node);
        }
        List<MigrationStatus> status = new MigrationRunner(
                        fixture.clickHouse,
                        new DdlRenderer(fixture.database, ClickHouseCluster.NAME),
                        MigrationCatalog.bundled())
                .status();
        assertTrue(
                status.stream().allMatch(s -> s.state() == MigrationState.APPLIED),
                "every migration should be recorded as applied on the cluster: " + status);
        List<ClusterSchemaStatus.Node> nodes =
                ClusterSchemaStatus.of(fixture.clickHouse, ClickHouseCluster.NAME, fixture.database);
        assertEquals(4, nodes.size(), nodes.toString());
        assertTrue(
                nodes.stream().allMatch(ClusterSchemaStatus.Node::ok), "every node should hold every table: " + nodes);
    }

    @Test
    void schemaStatusNamesTheNodesThatLackATable() {
        fixture.clickHouse.execute("CREATE TABLE entry_only (x UInt8) ENGINE = Memory");
        try {
            List<ClusterSchemaStatus.Node> nodes =
                    ClusterSchemaStatus.of(fixture.clickHouse, ClickHouseCluster.NAME, fixture.database);
            assertEquals(
                    List.of("missing entry_only", "missing entry_only", "", "missing entry_only"),
                    nodes.stream().map(ClusterSchemaStatus.Node::problem).toList(),
                    "only the entry node (shard 2, replica 1) holds the table: " + nodes);
        } finally {
            fixture.clickHouse.execute("DROP TABLE entry_only");
        }
    }

    @Test
    void twoWorkersStoreTraceEventsOnTheClusterExactlyOnceWithTheSingleNodesTokensAndCosts() {
        assertTrue(first.clean() && second.clean(), first.problem() + " / " + second.problem());
        assertTrue(
                first.totals().consumed() > 0 && second.totals().consumed() > 0,
                "both workers should have taken part: " + first.totals().consumed() + " and "
                        + second.totals().consumed());
        IngestWorkerIT.assertStoredExactlyOnce(fixture, expected);
        for (Topic topic : Topic.values()) {
            if (PRICED.contains(topic)) {
                assertEquals(
                        expected.inputTokens.get(topic), fixture.sum(topic, "input_tokens"), topic + " input tokens");
                assertEquals(
                        expected.outputTokens.get(topic),
                        fixture.sum(topic, "output_tokens"),
                        topic + " output tokens");
                assertEquals(
                        byTenant(single.clickHouse, topic, "toString(sum(cost_usd))"),
                        byTenant(fixture.clickHouse, topic, "toString(sum(cost_usd))"),
                        topic + ": the cluster's cost per tenant differs from the single node's");
            }
        }
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    @Test
    void eachTenantsRowsAndRollupsLiveOnOneShardAndBothItsReplicasHoldThem() {
        cluster.syncReplicas(fixture.database);
        String rows = "SELECT tenant, count() FROM slm_metrics_local GROUP BY tenant ORDER BY tenant";
        String rollups =
                "SELECT tenant, countMerge(requests) FROM rollup_slm_hourly_local GROUP BY tenant ORDER BY tenant";
        List<List<String>> shard1 = cluster.node("ch-s1r1", fixture.database).select(rows);
        List<List<String>> shard2 = cluster.node("ch-s2r1", fixture.database).select(rows);
        assertEquals(shard1, cluster.node("ch-s1r2", fixture.database).select(rows), "shard 1's replicas differ");
        assertEquals(shard2, cluster.node("ch-s2r2", fixture.database).select(rows), "shard 2's replicas differ");
        assertTrue(
                !shard1.isEmpty() && !shard2.isEmpty(), "both shards should hold tenants: " + shard1 + " / " + shard2);
        List<String> tenants1 = shard1.stream().map(r -> r.get(0)).toList();
        assertTrue(
                shard2.stream().noneMatch(r -> tenants1.contains(r.get(0))),
                "a tenant's rows are split across shards: " + shard1 + " / " + shard2);
        assertEquals(
                shard1,
                cluster.node("ch-s1r2", fixture.database).select(rollups),
                "shard 1's rollups should count exactly its own rows");
        assertEquals(
                shard2,
                cluster.node("ch-s2r2", fixture.database).select(rollups),
                "shard 2's rollups should count exactly its own rows");
    }

    @Test
    void aBillingExportFromTheClusterEqualsTheSingleNodesToTheLastDecimal() throws Exception {
        BillingRequest request = new BillingRequest(
                TimeRange.parsePeriod("2023-11"), Grain.HOUR, List.of(BillingDimension.values()), List.of());
        ExportResult fromCluster = export(fixture.clickHouse, request, dir.resolve("cluster.csv"));
        ExportResult fromSingle = export(single.clickHouse, request, dir.resolve("single.csv"));

        assertTrue(Files.readAllLines(fromSingle.file()).size() > 20, "the export should hold many groups");
        assertEquals(
                Files.readAllLines(fromSingle.file()),
                Files.readAllLines(fromCluster.file()),
                "the export from the cluster differs from the single node's");
        assertEquals(
                fromSingle.manifest().totals().byTenant(),
                fromCluster.manifest().totals().byTenant());
        assertEquals(
                fromSingle.manifest().totals().overall(),
                fromCluster.manifest().totals().overall());
    }

    @Test
    void spendTokensAggregateAndCallsReadThroughTheClusterGiveTheSingleNodesAnswers() {
        java.time.Instant since = java.time.Instant.parse("2023-11-01T00:00:00Z");
        java.time.Instant until = java.time.Instant.parse("2023-12-01T00:00:00Z");
        for (SpendReport.GroupBy groupBy : SpendReport.GroupBy.values()) {
            List<SpendRow> expectedSpend = new SpendReport(single.clickHouse).spend(groupBy, since, until);
            assertTrue(expectedSpend.size() > 1, "spend by " + groupBy + " should have several groups");
            assertEquals(
                    expectedSpend,
                    new SpendReport(fixture.clickHouse).spend(groupBy, since, until),
                    "spend by " + groupBy + " from the cluster differs from the single node's");
        }
        for (var groupBy : List.of(
                List.of(
                        io.somactl.core.usage.TokenUsageQuery.Dimension.TENANT,
                        io.somactl.core.usage.TokenUsageQuery.Dimension.MODEL),
                List.of(
                        io.somactl.core.usage.TokenUsageQuery.Dimension.PERSONA,
                        io.somactl.core.usage.TokenUsageQuery.Dimension.DAY))) {
            var expectedTokens = new io.somactl.core.usage.TokenUsageQuery(single.clickHouse)
                    .query(since, until, groupBy, null, null);
            assertTrue(expectedTokens.size() > 1, "tokens by " + groupBy + " should have several groups");
            assertEquals(
                    expectedTokens,
                    new io.somactl.core.usage.TokenUsageQuery(fixture.clickHouse)
                            .query(since, until, groupBy, null, null),
                    "tokens by " + groupBy + " from the cluster differ from the single node's");
        }
        AggregateRequest request = new AggregateRequest(
                TimeRange.parsePeriod("2023-11"), Grain.DAY, List.of(Dimension.TENANT, Dimension.MODEL), List.of());
        AggregateReport expectedAggregate = new Rollups(single.clickHouse).aggregate(request);
        assertTrue(expectedAggregate.rows().size() > 1, "aggregate should have several groups");
        AggregateReport fromCluster = new Rollups(fixture.clickHouse).aggregate(request);
        assertEquals(
                exactFigures(expectedAggregate),
                exactFigures(fromCluster),
                "aggregate from the cluster's rollups differs from the single node's in counts, tokens, cost or rates");
        for (int i = 0; i < fromCluster.rows().size(); i++) {
            var one = expectedAggregate.rows().get(i).metrics();
            var other = fromCluster.rows().get(i).metrics();
            String row = fromCluster.rows().get(i).dimensions().toString();
            // Float sums added in another order differ in the last bits; t-digests merged from other partial
            // states are another approximation of the same percentile.
            assertClose(one.queueDelayAvgMs(), other.queueDelayAvgMs(), 1e-9, row + " queue delay");
            assertClose(one.gpuUtilizationAvg(), other.gpuUtilizationAvg(), 1e-9, row + " GPU utilization");
            assertClose(one.werAvg(), other.werAvg(), 1e-9, row + " WER");
            assertClose(one.mosAvg(), other.mosAvg(), 1e-9, row + " MOS");
            assertClose(one.latencyP50(), other.latencyP50(), 0.05, row + " latency p50");
            assertClose(one.latencyP95(), other.latencyP95(), 0.05, row + " latency p95");
        }
        CallFilter calls = new CallFilter(TimeRange.parsePeriod("2023-11"), List.of(), null, 10_000);
        List<CallSummary> expectedCalls = new CallSummaries(single.clickHouse).list(calls);
        assertTrue(!expectedCalls.isEmpty(), "the trace should hold voice calls");
        // Averages of floats added in another order may differ in the last bits: compared to 9 decimals.
        assertEquals(
                to9Decimals(expectedCalls),
                to9Decimals(new CallSummaries(fixture.clickHouse).list(calls)),
                "calls from the cluster differ from the single node's");
    }

    @Test
    void budgetRebuildFromTheClusterRestoresRedisExactly() {
        String freshPrefix = fixture.name + "-rebuilt";
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(freshPrefix))) {
            RedisUsageCounters counters = IngestRun.counters(fixture.withRedisPrefix(freshPrefix), redis);
            var written = new UsageRebuild(fixture.clickHouse, counters).rebuild(null);
            assertTrue(written.size() >= 5, "rebuild should write the counters of every tenant: " + written);
            int compared = UsageReconciliation.assertRedisEqualsClickHouse(single.clickHouse, counters);
            assertTrue(compared > 0);
        }
    }

    @Test
    void aReplicaKilledAndRestartedMidIngestLosesAndDuplicatesNothing() throws Exception {
        IngestFixture restarted = clusterFixture("replica");
        Expected produced = restarted.produce(IngestFixture.trace(30_000));
        IngestSummary summary;
        try (IngestRun.Running running =
                IngestRun.start(restarted, IngestRun.config(restarted, "g-" + restarted.name, 500))) {
            try {
                restarted.awaitSlmRows(1);
                long before = restarted.count(Topic.SLM_METRICS);
                cluster.kill("ch-s1r1"); // the replica of shard 1 that reads and writes go to first
                Thread.sleep(2_000);
                cluster.startAfterKill("ch-s1r1");
                assertTrue(
                        before < produced.events.get(Topic.SLM_METRICS),
                        "ingest had finished before the replica was killed, so the kill tested nothing");
            } finally {
                cluster.startAfterKill("ch-s1r1");
            }
            summary = running.summary().get(5, TimeUnit.MINUTES);
        }

        assertTrue(summary.clean(), summary.problem());
        // Once the killed replica caught up: a block only it held must not come back beside its re-insert.
        cluster.syncReplicas(restarted.database);
        IngestWorkerIT.assertStoredExactlyOnce(restarted, produced);
        for (String node : List.of("ch-s1r1", "ch-s1r2")) {
            assertEquals(
                    cluster.node("ch-s1r2", restarted.database).selectValue("SELECT count() FROM slm_metrics_local"),
                    cluster.node(node, restarted.database).selectValue("SELECT count() FROM slm_metrics_local"),
                    node + " should hold every row of shard 1 once it caught up");
        }
        UsageReconciliation.assertRedisAgrees(restarted);
    }

    /**
     * Each call as text, its float-derived figures (latencies, seconds, sentiment) rounded to 6 decimals: a float
     * sum added in another order differs in the last bits (412.1 against 412.099999999). Costs, exact decimals
     * from Decimal columns, are kept as they are.
     */
    private static List<String> to9Decimals(List<CallSummary> calls) {
        java.util.regex.Pattern figure = java.util.regex.Pattern.compile("(\\w+)=(?:Stat\\[avg=)?(-?\\d+\\.\\d+)");
        return calls.stream()
                .map(c -> {
                    java.util.regex.Matcher m = figure.matcher(c.toString());
                    StringBuilder rounded = new StringBuilder();
                    while (m.find()) {
                        String value = m.group(1).startsWith("cost")
                                ? m.group(2)
                                : new java.math.BigDecimal(m.group(2))
                                        .setScale(6, java.math.RoundingMode.HALF_EVEN)
                                        .toPlainString();
                        m.appendReplacement(
                                rounded,
                                java.util.regex.Matcher.quoteReplacement(
                                        m.group(0).substring(0, m.start(2) - m.start()) + value));
                    }
                    return m.appendTail(rounded).toString();
                })
                .toList();
    }

    private static void assertClose(Double expected, Double actual, double relative, String what) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, what);
            return;
        }
        assertTrue(
                Math.abs(expected - actual) <= relative * Math.max(Math.abs(expected), 1e-12),
                what + ": " + actual + " on the cluster, " + expected + " on one node");
    }

    /** The exact figures of an aggregate report (counts, tokens, money, rates), one line per row. */
    private static List<String> exactFigures(AggregateReport report) {
        return report.rows().stream()
                .map(row -> {
                    var m = row.metrics();
                    return row.start() + " " + row.dimensions() + " requests=" + m.requests() + " in=" + m.inputTokens()
                            + " out=" + m.outputTokens() + " total=" + m.totalTokens() + " cost=" + m.costUsd()
                            + " escalations=" + m.escalations() + " fallback=" + m.fallbackRate() + " error="
                            + m.errorRate()
                            + " tools=" + m.toolCalls() + " toolSuccess=" + m.toolSuccessRate() + " blocks="
                            + m.policyBlocks()
                            + " overrides=" + m.policyOverrides() + " refusal=" + m.refusalRate();
                })
                .toList();
    }

    private static ExportResult export(HttpClickHouse clickHouse, BillingRequest request, Path file) {
        return new BillingExport(
                        new ClickHouseBillingSource(clickHouse),
                        new BillingExport.Metadata("2026-12-02.1", "test", "test", "db"),
                        Clock.systemUTC())
                .toFile(request, BillingFormat.CSV, file, null, false, ExportProgress.NONE);
    }

    private static String engine(HttpClickHouse clickHouse, String table) {
        return clickHouse.selectValue("SELECT engine FROM system.tables WHERE database = "
                + Sql.quote(clickHouse.database()) + " AND name = " + Sql.quote(table));
    }

    private static List<List<String>> byTenant(HttpClickHouse clickHouse, Topic topic, String aggregate) {
        return clickHouse.select(
                "SELECT tenant, " + aggregate + " FROM " + topic.table() + " GROUP BY tenant ORDER BY tenant");
    }
}
