package io.somactl.core.reprice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.SomactlException;
import io.somactl.core.events.Topic;
import io.somactl.core.export.BillingDimension;
import io.somactl.core.export.BillingExport;
import io.somactl.core.export.BillingFormat;
import io.somactl.core.export.BillingRequest;
import io.somactl.core.export.ClickHouseBillingSource;
import io.somactl.core.export.ExportProgress;
import io.somactl.core.export.ExportRegistry;
import io.somactl.core.export.ExportResult;
import io.somactl.core.ingest.IngestConfig;
import io.somactl.core.ingest.IngestRun;
import io.somactl.core.ingest.IngestSummary;
import io.somactl.core.ingest.IngestWorker;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.report.Grain;
import io.somactl.core.report.TimeRange;
import io.somactl.core.testing.BundledCatalogs;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.UsageReconciliation;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageKeys;
import io.somactl.core.usage.UsageWindow;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reprice} on the real stack, with events of one pass of the Azure trace ingested with the bundled
 * catalog and a catalog that doubles one model's token prices ({@code soma-slm-3b}: every price has at most
 * 3 decimals per 1M tokens, so a token cost is exact at 12 decimals and doubling the price doubles it
 * exactly; its GPU part is priced by the deployment mode and stays). That rule, checked row by row, is
 * this test's own account of what the new catalog says, independent of the plan's arithmetic.
 */
@Tag("stack")
class RepriceIT {
    private static final String MODEL = "soma-slm-3b";
    private static final String DOUBLED = """
                - effective_from: "2023-06-01T00:00:00Z"
                  input: 0.04
                  cached_input_read: 0.01
                  cached_input_write: 0.05
                  output: 0.08
                  reasoning: 0.08
            """;
    // One query each: 18.16 finds no common type for LowCardinality columns and constants in a UNION ALL.
    private static final List<String> ROLLUPS = List.of(
            "SELECT 'slm', tenant, model, countMerge(requests), sumMerge(input_tokens_sum),"
                    + " toString(sumMerge(cost_usd_sum)), sumMerge(gpu_utilization_count) FROM rollup_slm_hourly GROUP BY tenant, model",
            "SELECT 'esc', tenant, model, countMerge(escalations), sumMerge(input_tokens_sum),"
                    + " toString(sumMerge(cost_usd_sum)), sumMerge(errors) FROM rollup_escalation_hourly GROUP BY tenant, model",
            "SELECT 'voice', tenant, '', countMerge(turns), sumMerge(input_tokens_sum),"
                    + " toString(sumMerge(cost_usd_sum)), toUInt64(0) FROM rollup_voice_hourly GROUP BY tenant");

    @TempDir
    Path dir;

    @Test
    void oneModelsNewPriceChangesBaseRollupsRedisAndExportsByExactlyTheDiffAndADryRunNothing() throws Exception {
        IngestFixture fixture = new IngestFixture("reprice");
        fixture.produce(IngestFixture.trace(3_000));
        IngestSummary ingest = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 1_000));
        assertTrue(ingest.clean(), ingest.problem());
        TimeRange all = range(fixture);
        PricingCatalog doubled =
                PricingCatalog.parse(BundledCatalogs.withModel(MODEL, DOUBLED, "test-doubled.1"), "doubled");
        ClickHouseBillingSource billing = new ClickHouseBillingSource(fixture.clickHouse);
        Reprice reprice = new Reprice(
                fixture.clickHouse,
                billing,
                Clock.systemUTC(),
                Duration.ofMinutes(2),
                line -> System.err.println("reprice: " + line));

        // An export of the whole range, recorded in the registry, as `export billing` does.
        BillingRequest exportRequest = new BillingRequest(
                all,
                Grain.DAY,
                List.of(BillingDimension.TENANT, BillingDimension.PERSONA, BillingDimension.MODEL),
                List.of());
        ExportResult exported = new BillingExport(
                        billing,
                        new BillingExport.Metadata("bundled", "test", "0", fixture.database),
                        Clock.systemUTC())
                .toFile(exportRequest, BillingFormat.CSV, dir.resolve("before.csv"), null, false, ExportProgress.NONE);
        new ExportRegistry(fixture.clickHouse).record(exported);

        Map<String, List<BigDecimal>> rowsBefore = slmRows(fixture);
        String baseBefore = base(fixture);
        String rollupsBefore = rollups(fixture);
        String redisBefore = redisDump(fixture);
        Map<String, Long> kafkaBefore = endOffsets(fixture);
        Map<String, BigDecimal> monthsBefore = monthCounters(fixture);

        // --dry-run: a plan only. It finds exactly the model's events and writes nothing anywhere.
        Reprice.Plan dry = reprice.plan(new RepriceRequest(all, List.of(), List.of(), doubled, false));
        assertTrue(dry.diff().changesAnything());
        long modelEvents = rowsBefore.keySet().stream()
                .filter(k -> k.endsWith("|" + MODEL))
                .count();
        assertTrue(modelEvents > 100, "the trace should have events of " + MODEL);
        for (RepriceDiff.Line line : dry.diff().lines()) {
            boolean changes = line.model().equals(MODEL);
            assertEquals(changes ? line.events() : 0, line.changed(), "changed events of " + line);
            assertEquals(changes, line.delta().signum() != 0, "delta of " + line);
        }
        assertEquals(modelEvents, dry.diff().total().changed());
        assertEquals(1, dry.exportsChanged().size(), "the export of the range changes");
        assertTrue(dry.blockedByExports());
        assertEquals(baseBefore, base(fixture), "a dry run changed the base tables");
        assertEquals(rollupsBefore, rollups(fixture), "a dry run changed the rollups");
        assertEquals(
                "0",
                fixture.clickHouse.selectValue("SELECT count() FROM reprice_runs"),
                "a dry run wrote an audit row");
        assertEquals(
                "0",
                fixture.clickHouse.selectValue("SELECT count() FROM reprice_audit"),
                "a dry run wrote an audit row");
        assertEquals(redisBefore, redisDump(fixture), "a dry run changed Redis");
        assertEquals(kafkaBefore, endOffsets(fixture), "a dry run wrote to Kafka");

        // The exported period is protected.
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            SomactlException refused =
                    assertThrows(SomactlException.class, () -> reprice.apply(dry, "tester", counters(fixture, redis)));
            assertTrue(refused.getMessage().contains("--include-exported"), refused.getMessage());
        }
        assertEquals(baseBefore, base(fixture), "a refused reprice changed the base tables");
        assertEquals("0", fixture.clickHouse.selectValue("SELECT count() FROM reprice_runs"));

        // The real run.
        Reprice.Plan plan = reprice.plan(new RepriceRequest(all, List.of(), List.of(), doubled, true));
        Reprice.Result result;
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            result = reprice.apply(plan, "tester", counters(fixture, redis));
        }
        assertEquals(modelEvents, result.rowsUpdated());

        // Base tables: every row of the model has its token costs doubled and its GPU cost kept; every other row is as
        // it was.
        Map<String, List<BigDecimal>> rowsAfter = slmRows(fixture);
        assertEquals(rowsBefore.keySet(), rowsAfter.keySet());
        BigDecimal expectedDelta = BigDecimal.ZERO;
        for (Map.Entry<String, List<BigDecimal>> row : rowsBefore.entrySet()) {
            List<BigDecimal> before = row.getValue();
            List<BigDecimal> after = rowsAfter.get(row.getKey());
            if (row.getKey().endsWith("|" + MODEL)) {
                BigDecimal total = BigDecimal.ZERO;
                for (int i = 0; i < 5; i++) {
                    assertEquals(
                            0,
                            before.get(i).multiply(BigDecimal.TWO).compareTo(after.get(i)),
                            "component " + i + " of " + row.getKey());
                    total = total.add(after.get(i));
                }
                assertEquals(0, before.get(5).compareTo(after.get(5)), "GPU cost of " + row.getKey());
                assertEquals(0, total.add(after.get(5)).compareTo(after.get(6)), "total of " + row.getKey());
                expectedDelta = expectedDelta.add(after.get(6).subtract(before.get(6)));
            } else {
                assertEquals(before, after, "row " + row.getKey() + " of another model changed");
            }
        }
        assertEquals(0, expectedDelta.compareTo(plan.diff().total().delta()), "the diff's delta");
        assertEquals(
                "test-doubled.1",
                fixture.clickHouse.selectValue(
                        "SELECT any(pricing_version) FROM slm_metrics WHERE model_id = '" + MODEL + "'"));
        assertEquals(
                "0",
                fixture.clickHouse.selectValue("SELECT count() FROM slm_metrics WHERE model_id != '" + MODEL
                        + "' AND pricing_version = 'test-doubled.1'"));
        assertEquals(
                changedOnly(baseBefore, MODEL),
                changedOnly(base(fixture), MODEL),
                "tables other than the model's rows changed");

        // Rollups: the model's cost moves by its diff line, tenant by tenant; everything else (counts, tokens, other
        // models) stays.
        Map<String, String[]> rollupBefore = byKey(rollupsBefore);
        Map<String, String[]> rollupAfter = byKey(rollups(fixture));
        assertEquals(rollupBefore.keySet(), rollupAfter.keySet());
        Map<String, BigDecimal> deltaByTenant = new TreeMap<>();
        for (RepriceDiff.Line line : plan.diff().lines()) {
            deltaByTenant.merge(line.tenant(), line.delta(), BigDecimal::add);
            if (line.model().equals(MODEL)) {
                String[] b = rollupBefore.get("slm|" + line.tenant() + "|" + MODEL);
                String[] a = rollupAfter.get("slm|" + line.tenant() + "|" + MODEL);
                assertEquals(
                        0,
                        new BigDecimal(b[5]).add(line.delta()).compareTo(new BigDecimal(a[5])),
                        "rollup cost of " + line);
                assertEquals(0, line.oldCost().compareTo(new BigDecimal(b[5])), "old cost of " + line);
                assertEquals(List.of(b[3], b[4], b[6]), List.of(a[3], a[4], a[6]), "rollup counts of " + line);
            }
        }
        rollupBefore.forEach((key, b) -> {
            if (!key.endsWith("|" + MODEL)) {
                assertEquals(List.of(b), List.of(rollupAfter.get(key)), "rollup " + key + " changed");
            }
        });

        // Redis: each tenant's month counter moves by its delta; all counters equal ClickHouse.
        Map<String, BigDecimal> monthsAfter = monthCounters(fixture);
        monthsBefore.forEach((key, before) -> {
            BigDecimal delta = monthsAfter.get(key).subtract(before);
            assertEquals(
                    0,
                    delta.compareTo(deltaByTenant.getOrDefault(key.split(" ")[0], BigDecimal.ZERO)),
                    "Redis month counter " + key + " moved by " + delta);
        });
        assertEquals(monthsBefore.keySet(), monthsAfter.keySet());
        UsageReconciliation.assertRedisAgrees(fixture);
        assertEquals(kafkaBefore, endOffsets(fixture), "reprice wrote to Kafka");

        // Exports: the old one is reported stale by the exact delta; a fresh export differs by the diff, tenant by
        // tenant.
        assertEquals(1, result.staleExports().size());
        assertEquals(
                0,
                result.staleExports()
                        .get(0)
                        .delta()
                        .compareTo(plan.diff().total().delta()));
        ExportResult fresh = new BillingExport(
                        billing,
                        new BillingExport.Metadata("test-doubled.1", "test", "0", fixture.database),
                        Clock.systemUTC())
                .toFile(exportRequest, BillingFormat.CSV, dir.resolve("after.csv"), null, false, ExportProgress.NONE);
        assertEquals(
                0,
                exported.manifest()
                        .totals()
                        .overall()
                        .costUsd()
                        .add(plan.diff().total().delta())
                        .compareTo(fresh.manifest().totals().overall().costUsd()));
        exported.manifest()
                .totals()
                .byTenant()
                .forEach((tenant, sum) -> assertEquals(
                        0,
                        sum.costUsd()
                                .add(deltaByTenant.getOrDefault(tenant, BigDecimal.ZERO))
                                .compareTo(fresh.manifest()
                                        .totals()
                                        .byTenant()
                                        .get(tenant)
                                        .costUsd()),
                        "export of tenant " + tenant));
        assertEquals(
                exported.manifest().totals().overall().rows(),
                fresh.manifest().totals().overall().rows());
        assertEquals(
                exported.manifest().totals().overall().totalTokens(),
                fresh.manifest().totals().overall().totalTokens());

        // The audit: who, the catalog, a line per tenant and model with the diff.
        assertEquals(
                "2",
                fixture.clickHouse.selectValue(
                        "SELECT count() FROM reprice_runs WHERE reprice_id = '" + result.repriceId() + "'"));
        assertEquals(
                "tester test-doubled.1 " + plan.catalogSha256(),
                String.join(
                        " ",
                        fixture.clickHouse
                                .select(
                                        "SELECT actor, catalog_version, catalog_sha256 FROM reprice_runs WHERE status = 'done'")
                                .get(0)));
        assertEquals(
                plan.diff().total().delta().stripTrailingZeros().toPlainString(),
                new BigDecimal(fixture.clickHouse.selectValue("SELECT toString(sum(delta_usd)) FROM reprice_audit"))
                        .stripTrailingZeros()
                        .toPlainString());
        assertEquals(
                String.valueOf(plan.diff().lines().size()),
                fixture.clickHouse.selectValue("SELECT count() FROM reprice_audit"));

        // The same reprice again: nothing changes, delta 0, and nothing moves.
        String baseAfter = base(fixture);
        String rollupsAfter = rollups(fixture);
        Reprice.Plan again = reprice.plan(new RepriceRequest(all, List.of(), List.of(), doubled, true));
        assertFalse(again.diff().changesAnything());
        assertEquals(0, again.diff().total().delta().signum());
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            Reprice.Result second = reprice.apply(again, "tester", counters(fixture, redis));
            assertEquals(0, second.rowsUpdated());
        }
        assertEquals(baseAfter, base(fixture));
        assertEquals(rollupsAfter, rollups(fixture));
        assertEquals(monthsAfter, monthCounters(fixture));
    }

    @Test
    void aRunCutShortAfterTheBaseTablesIsFinishedByRunningItAgainAndBlocksAnyOther() throws Exception {
        IngestFixture fixture = new IngestFixture("repricecrash");
        fixture.produce(IngestFixture.trace(1_500));
        IngestSummary ingest = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 1_000));
        assertTrue(ingest.clean(), ingest.problem());
        TimeRange all = range(fixture);
        PricingCatalog doubled =
                PricingCatalog.parse(BundledCatalogs.withModel(MODEL, DOUBLED, "test-doubled.1"), "doubled");
        String rollupsBefore = rollups(fixture);
        Map<String, BigDecimal> monthsBefore = monthCounters(fixture);
        // The "crash": the run dies right after its base-table mutations, before the rollups and Redis.
        Reprice crashing = new Reprice(
                fixture.clickHouse,
                new ClickHouseBillingSource(fixture.clickHouse),
                Clock.systemUTC(),
                Duration.ofMinutes(2),
                line -> {
                    if (line.startsWith("repriced ")) {
                        throw new IllegalStateException("killed after " + line);
                    }
                });
        Reprice.Plan plan = crashing.plan(new RepriceRequest(all, List.of(), List.of(MODEL), doubled, false));
        BigDecimal delta = plan.diff().total().delta();
        assertTrue(delta.signum() > 0);
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            assertThrows(IllegalStateException.class, () -> crashing.apply(plan, "tester", counters(fixture, redis)));
        }
        assertEquals(rollupsBefore, rollups(fixture), "the rollups are not rebuilt yet");
        assertEquals(monthsBefore, monthCounters(fixture), "Redis is not recounted yet");
        assertEquals("started", fixture.clickHouse.selectValue("SELECT groupArray(status)[1] FROM reprice_runs"));

        Reprice reprice = new Reprice(
                fixture.clickHouse,
                new ClickHouseBillingSource(fixture.clickHouse),
                Clock.systemUTC(),
                Duration.ofMinutes(2),
                line -> System.err.println("reprice: " + line));
        SomactlException other = assertThrows(
                SomactlException.class,
                () -> reprice.plan(new RepriceRequest(all, List.of(), List.of(), doubled, false)));
        assertTrue(
                other.getMessage().contains("did not finish")
                        && other.getMessage().contains(plan.catalogSha256().substring(0, 12)),
                other.getMessage());

        Reprice.Plan again = reprice.plan(new RepriceRequest(all, List.of(), List.of(MODEL), doubled, false));
        assertTrue(again.resumes() != null, "the same reprice finishes the unfinished run");
        assertFalse(again.diff().changesAnything(), "the base rows were repriced before the crash");
        assertEquals(plan.rollupKeys(), again.rollupKeys());
        Reprice.Result finished;
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            finished = reprice.apply(again, "tester", counters(fixture, redis));
        }
        assertEquals(again.resumes().repriceId(), finished.repriceId());
        assertEquals(
                "2",
                fixture.clickHouse.selectValue(
                        "SELECT count() FROM reprice_runs WHERE reprice_id = '" + finished.repriceId() + "'"));
        assertEquals("1", fixture.clickHouse.selectValue("SELECT uniqExact(reprice_id) FROM reprice_runs"));
        BigDecimal rollupDelta = rollupCost(rollups(fixture)).subtract(rollupCost(rollupsBefore));
        assertEquals(0, delta.compareTo(rollupDelta), "the rollups moved by " + rollupDelta);
        BigDecimal redisDelta = monthCounters(fixture).values().stream()
                .reduce(BigDecimal.ZERO, BigDecimal::add)
                .subtract(monthsBefore.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        assertEquals(0, delta.compareTo(redisDelta), "Redis moved by " + redisDelta);
        UsageReconciliation.assertRedisAgrees(fixture);
        assertFalse(
                reprice.plan(new RepriceRequest(all, List.of(), List.of(), doubled, false))
                        .diff()
                        .changesAnything(),
                "once finished, any reprice may run again");
    }

    @Test
    void whileIngestStoresLateEventsOfTheSameHoursTheRollupsAndRedisStillEqualTheBaseTables() throws Exception {
        IngestFixture fixture = new IngestFixture("repricelive");
        fixture.produce(IngestFixture.trace(2_000));
        String group = "g-" + fixture.name;
        assertTrue(IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, group, 1_000))
                .clean());
        long first = fixture.count(Topic.SLM_METRICS);
        TimeRange all = range(fixture);
        PricingCatalog doubled =
                PricingCatalog.parse(BundledCatalogs.withModel(MODEL, DOUBLED, "test-doubled.1"), "doubled");
        Reprice reprice = new Reprice(
                fixture.clickHouse,
                new ClickHouseBillingSource(fixture.clickHouse),
                Clock.systemUTC(),
                Duration.ofMinutes(2),
                line -> System.err.println("reprice: " + line));
        Reprice.Plan plan = reprice.plan(new RepriceRequest(all, List.of(), List.of(), doubled, false));
        assertTrue(plan.changes().size() > 50);

        // Late events of the same hours (another seed of the generator: other ids, the trace's times), produced and
        // ingested with the bundled catalog while the reprice runs.
        List<io.somactl.core.fixtures.TopicEvent> late = new io.somactl.core.fixtures.TelemetryGenerator(
                        io.somactl.core.fixtures.TraceFixture.loadDefault(), 7L)
                .events(2_000)
                .toList();
        long lateSlm = late.stream().filter(e -> e.topic() == Topic.SLM_METRICS).count();
        IngestConfig live = new IngestConfig(
                List.of(Topic.values()),
                fixture.topics,
                group,
                100,
                Duration.ofMillis(50),
                64 * 1024,
                false,
                Duration.ofMillis(500),
                Duration.ZERO,
                2);
        try (RedisConnection workerRedis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
                IngestWorker worker = new IngestWorker(
                        live,
                        fixture.kafka(),
                        fixture.clickHouse,
                        counters(fixture, workerRedis),
                        PricingCatalog.loadBundled().pricer(),
                        new IngestMetrics(),
                        snapshot -> {},
                        line -> {});
                RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            CompletableFuture<IngestSummary> ingesting = CompletableFuture.supplyAsync(worker::run);
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
                for (int from = 0; from < late.size(); from += 100) {
                    fixture.produce(late.subList(from, Math.min(late.size(), from + 100)));
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
            Reprice.Result result = reprice.apply(plan, "tester", counters(fixture, redis));
            assertEquals(plan.changes().size(), result.rowsUpdated());
            producing.join();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (fixture.count(Topic.SLM_METRICS) < first + lateSlm && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(1_000); // the worker's last batch reaches Redis after ClickHouse
            worker.stop();
            assertTrue(ingesting.join().clean());
        }
        assertEquals(first + lateSlm, fixture.count(Topic.SLM_METRICS));

        // The planned rows cost what the new catalog says; the late ones what ingest's catalog said.
        Map<String, String> stored = new HashMap<>();
        for (List<String> row : fixture.clickHouse.select(
                "SELECT toString(cityHash64(_topic, _partition, _offset)), toString(cost_usd),"
                        + " pricing_version FROM slm_metrics")) {
            stored.put(row.get(0), row.get(1) + " " + row.get(2));
        }
        for (Reprice.Change change : plan.changes()) {
            if (change.table() == PricedTable.SLM) {
                assertEquals(change.costs().get(6).toPlainString() + " test-doubled.1", stored.get(change.key()));
            }
        }
        assertEquals(
                String.valueOf(plan.changes().stream()
                        .filter(c -> c.table() == PricedTable.SLM)
                        .count()),
                fixture.clickHouse.selectValue(
                        "SELECT count() FROM slm_metrics WHERE pricing_version = 'test-doubled.1'"));

        // Every rollup key equals its base rows (events, tokens, cost), and Redis equals ClickHouse.
        assertEquals(baseByKey(fixture), byKeyTotals(rollups(fixture)));
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    /** Per rollup and tenant and model: events, input tokens and cost of the base rows, as {@link #rollups} reads them. */
    private static Map<String, String> baseByKey(IngestFixture fixture) {
        Map<String, String> out = new TreeMap<>();
        String[][] sources = {
            {"slm", "slm_metrics", "model_id", "input_tokens", ""},
            {"esc", "escalation_metrics", "oss_model_id", "input_tokens", ""},
            {"voice", "conversation_metrics", "''", "ifNull(input_tokens, 0)", " WHERE channel = 'voice'"}
        };
        for (String[] s : sources) {
            for (List<String> row : fixture.clickHouse.select("SELECT tenant, " + s[2] + " AS m, count(), sum(" + s[3]
                    + "), toString(sum(cost_usd)) FROM " + s[1] + s[4] + " GROUP BY tenant, m")) {
                out.put(
                        s[0] + "|" + row.get(0) + "|" + row.get(1),
                        row.get(2) + " " + row.get(3) + " "
                                + new BigDecimal(row.get(4))
                                        .stripTrailingZeros()
                                        .toPlainString());
            }
        }
        return out;
    }

    private static Map<String, String> byKeyTotals(String rollups) {
        Map<String, String> out = new TreeMap<>();
        byKey(rollups)
                .forEach((key, f) -> out.put(
                        key,
                        f[3] + " " + f[4] + " "
                                + new BigDecimal(f[5]).stripTrailingZeros().toPlainString()));
        return out;
    }

    private static BigDecimal rollupCost(String rollups) {
        return rollups.lines().map(l -> new BigDecimal(l.split("\t", -1)[5])).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    // ---- what is stored ----

    private static TimeRange range(IngestFixture fixture) {
        List<String> minMax = fixture.clickHouse
                .select("SELECT toUInt32(min(ts)), toUInt32(max(ts)) FROM slm_metrics")
                .get(0);
        return TimeRange.of(
                Instant.ofEpochSecond(Long.parseLong(minMax.get(0)) / 3600 * 3600),
                Instant.ofEpochSecond(Long.parseLong(minMax.get(1)) / 3600 * 3600 + 3600));
    }

    /** Each SLM row's 7 cost columns, by provenance and model. */
    private static Map<String, List<BigDecimal>> slmRows(IngestFixture fixture) {
        Map<String, List<BigDecimal>> rows = new HashMap<>();
        for (List<String> row : fixture.clickHouse.select(
                "SELECT concat(_topic, ':', toString(_partition), ':', toString(_offset),"
                        + " '|', model_id), toString(cost_input_usd), toString(cost_cached_read_usd), toString(cost_cached_write_usd),"
                        + " toString(cost_output_usd), toString(cost_reasoning_usd), toString(cost_gpu_usd), toString(cost_usd) FROM slm_metrics")) {
            rows.put(row.get(0), row.subList(1, 8).stream().map(BigDecimal::new).toList());
        }
        return rows;
    }

    /**
     * Per table, tenant and model: rows, token (or measurement) sums and cost sums, one line each. Float sums are
     * rounded to 6 decimals: ClickHouse adds them in whatever order its threads read the parts.
     */
    private static String base(IngestFixture fixture) {
        StringBuilder out = new StringBuilder();
        List<String> lines = new ArrayList<>();
        String[][] tables = {
            {"slm_metrics", "model_id", "input_tokens"},
            {"escalation_metrics", "oss_model_id", "input_tokens"},
            {"conversation_metrics", "channel", "ifNull(input_tokens, 0)"},
            {"tool_metrics", "tool_name", "duration_ms"},
            {"audio_metrics", "persona", "ifNull(wer, 0)"},
            {"policy_events", "verdict", "policy_latency_ms"}
        };
        for (String[] t : tables) {
            boolean priced =
                    !t[0].equals("tool_metrics") && !t[0].equals("audio_metrics") && !t[0].equals("policy_events");
            for (List<String> row : fixture.clickHouse.select("SELECT tenant, " + t[1]
                    + ", count(), toString(round(sum(" + t[2] + "), 6))" + (priced ? ", toString(sum(cost_usd))" : "")
                    + " FROM " + t[0] + " GROUP BY tenant, " + t[1])) {
                lines.add(t[0] + " " + String.join(" ", row));
            }
        }
        lines.sort(null);
        lines.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /** The lines of {@link #base} without the model's own SLM lines. */
    private static String changedOnly(String base, String model) {
        return String.join(
                "\n",
                base.lines()
                        .filter(l -> !(l.startsWith("slm_metrics ") && l.split(" ")[2].equals(model)))
                        .toList());
    }

    private static String rollups(IngestFixture fixture) {
        StringBuilder out = new StringBuilder();
        ROLLUPS.stream()
                .flatMap(sql -> fixture.clickHouse.select(sql).stream())
                .map(r -> String.join("\t", r))
                .sorted()
                .forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    private static Map<String, String[]> byKey(String rollups) {
        Map<String, String[]> rows = new TreeMap<>();
        rollups.lines().forEach(l -> {
            String[] f = l.split("\t", -1);
            rows.put(f[0] + "|" + f[1] + "|" + f[2], f);
        });
        return rows;
    }

    private static RedisUsageCounters counters(IngestFixture fixture, RedisConnection redis) {
        return new RedisUsageCounters(redis.async(), new UsageKeys(fixture.redisPrefix), Duration.ofSeconds(10));
    }

    /** Every key of the fixture's prefix with its value. */
    private static String redisDump(IngestFixture fixture) throws Exception {
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            var r = redis.async();
            StringBuilder out = new StringBuilder();
            List<String> keys =
                    new ArrayList<>(r.keys("{" + fixture.redisPrefix + "*").get());
            keys.sort(null);
            for (String key : keys) {
                String type = r.type(key).get();
                Object value = switch (type) {
                    case "hash" -> new TreeMap<>(r.hgetall(key).get());
                    case "string" -> r.get(key).get();
                    case "set" -> new java.util.TreeSet<>(r.smembers(key).get());
                    default -> type;
                };
                out.append(key).append(' ').append(value).append('\n');
            }
            assertTrue(keys.size() > 10, "the fixture's Redis keys should be there: " + keys);
            return out.toString();
        }
    }

    /** Each tenant's month counter cost, by "tenant month". */
    private static Map<String, BigDecimal> monthCounters(IngestFixture fixture) {
        Map<String, BigDecimal> out = new TreeMap<>();
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            RedisUsageCounters counters = counters(fixture, redis);
            for (List<String> row : fixture.clickHouse.select(
                    "SELECT DISTINCT tenant, toString(toStartOfMonth(ts)) FROM slm_metrics")) {
                Instant month =
                        LocalDate.parse(row.get(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
                out.put(
                        row.get(0) + " " + row.get(1),
                        counters.read(counters.keys().tenantUsage(row.get(0), UsageWindow.MONTH, month))
                                .costUsd());
            }
        }
        return out;
    }

    private static Map<String, Long> endOffsets(IngestFixture fixture) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                fixture.kafka().clientConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                for (String name : List.of(fixture.topics.of(topic), fixture.topics.deadLetterOf(topic))) {
                    consumer.partitionsFor(name)
                            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            Map<String, Long> ends = new TreeMap<>();
            consumer.endOffsets(partitions).forEach((p, end) -> ends.put(p.toString(), end));
            return ends;
        }
    }
}
