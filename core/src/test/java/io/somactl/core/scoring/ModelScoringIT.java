package io.somactl.core.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.fixtures.TelemetryGenerator;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.fixtures.TraceFixture;
import io.somactl.core.ingest.IngestRun;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.report.TimeRange;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.usage.UsageKeys;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Rankings from one real day of trace-derived telemetry, ingested into the real stack. */
@Tag("stack")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelScoringIT {
    private static final TimeRange DAY =
            TimeRange.of(Instant.parse("2023-11-16T00:00:00Z"), Instant.parse("2023-11-17T00:00:00Z"));
    private static final Instant NOW = Instant.parse("2023-11-17T00:05:00Z");

    private List<TopicEvent> day;
    private IngestFixture normal;
    private RedisConnection redis;

    @BeforeAll
    void ingest() {
        day = new TelemetryGenerator(TraceFixture.loadDefault(), TelemetryGenerator.DEFAULT_SEED)
                .onePass()
                .toList();
        normal = ingested("scorenormal", day);
        redis = RedisConnection.open(normal.stack.redis(normal.redisPrefix));
    }

    @AfterAll
    void close() {
        if (redis != null) {
            redis.close();
        }
    }

    private static IngestFixture ingested(String purpose, List<TopicEvent> events) {
        IngestFixture fixture = new IngestFixture(purpose);
        fixture.produce(events);
        assertTrue(IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 10_000))
                .clean());
        return fixture;
    }

    private ModelScoring scoring(IngestFixture fixture) {
        return new ModelScoring(
                new ModelStatsQuery(fixture.clickHouse),
                new ScoreStore(
                        redis.async(),
                        "test",
                        new ScoreKeys(new UsageKeys(fixture.redisPrefix)),
                        fixture.clickHouse,
                        Duration.ofSeconds(10)));
    }

    private static Ranking global(ModelScoring scoring, Weights weights, long min) {
        return scoring.run(DAY, null, weights, min, NOW).get(0).ranking();
    }

    @Test
    void aModelWithMoreFallbacksRanksLower() {
        Ranking before =
                global(new ModelScoring(new ModelStatsQuery(normal.clickHouse), null), Weights.defaults(), 100);
        List<Ranking.Entry> escalations = before.ranked().stream()
                .filter(e -> TelemetryGenerator.ESCALATION_MODELS.contains(e.model()))
                .toList();
        assertEquals(2, escalations.size(), "both escalation targets are ranked: " + before.ranked());
        String better = escalations.get(0).model();
        String worse = escalations.get(1).model();
        assertTrue(before.entry(better).orElseThrow().rank()
                < before.entry(worse).orElseThrow().rank());

        // the same day, but a quarter of the better model's successful escalations fall back
        IngestFixture moreFallbacks = ingested("scorefallback", TraceTransforms.moreFallbacks(day, better, 0.25));
        Ranking after =
                global(new ModelScoring(new ModelStatsQuery(moreFallbacks.clickHouse), null), Weights.defaults(), 100);
        BigDecimal fallbacksBefore = before.entry(better)
                .orElseThrow()
                .components()
                .get(Component.FALLBACK_RATE)
                .raw();
        BigDecimal fallbacksAfter = after.entry(better)
                .orElseThrow()
                .components()
                .get(Component.FALLBACK_RATE)
                .raw();
        assertTrue(
                fallbacksAfter.compareTo(fallbacksBefore.add(new BigDecimal("0.15"))) > 0,
                "the transformation added fallbacks: " + fallbacksBefore + " -> " + fallbacksAfter);
        assertTrue(
                after.entry(better).orElseThrow().rank()
                        > after.entry(worse).orElseThrow().rank(),
                better + " has more fallbacks now and should rank below " + worse + ": " + after.ranked());
    }

    @Test
    void componentsAreWhatTheBaseTablesSay() {
        Ranking r = global(new ModelScoring(new ModelStatsQuery(normal.clickHouse), null), Weights.defaults(), 1);
        for (Ranking.Entry e : r.ranked()) {
            boolean escalation = TelemetryGenerator.ESCALATION_MODELS.contains(e.model());
            String table = escalation ? "escalation_metrics" : "slm_metrics";
            String where = " WHERE " + (escalation ? "oss_model_id" : "model_id") + " = '" + e.model() + "'";
            long n = Long.parseLong(normal.clickHouse.selectValue("SELECT count() FROM " + table + where));
            assertEquals(n, e.requests(), e.model() + " requests");
            BigDecimal cost = new BigDecimal(
                    normal.clickHouse.selectValue("SELECT toString(sum(cost_usd)) FROM " + table + where));
            assertEquals(
                    cost.divide(BigDecimal.valueOf(n), 12, RoundingMode.HALF_EVEN),
                    e.components().get(Component.COST_PER_REQUEST).raw(),
                    e.model() + " cost per request");
            String success = escalation ? "outcome = 'success'" : "status = 'ok'";
            long ok = Long.parseLong(
                    normal.clickHouse.selectValue("SELECT countIf(" + success + ") FROM " + table + where));
            assertEquals(
                    0,
                    BigDecimal.valueOf(ok)
                            .divide(BigDecimal.valueOf(n), 9, RoundingMode.HALF_EVEN)
                            .compareTo(
                                    e.components().get(Component.SUCCESS_RATE).raw()),
                    e.model() + " success rate");
            assertEquals(
                    escalation,
                    e.components().containsKey(Component.FALLBACK_RATE),
                    e.model() + " has fallbacks iff escalation");
            assertTrue(
                    e.components().containsKey(Component.POLICY_BLOCK_RATE),
                    e.model() + " policy decisions attributed");
            assertTrue(e.components().containsKey(Component.TOOL_SUCCESS_RATE), e.model() + " tool calls attributed");
            assertTrue(e.components().containsKey(Component.WER), e.model() + " voice calls attributed");
        }
        assertEquals(5, r.ranked().size(), "three SLMs and two escalation targets: " + r.ranked());
    }

    @Test
    void weightsChangeTheOrderAsExpected() {
        ModelScoring scoring = new ModelScoring(new ModelStatsQuery(normal.clickHouse), null);
        Ranking costOnly = global(
                scoring,
                Weights.of(Map.of(
                        "quality", 0.0, "cost", 1.0, "latency", 0.0, "reliability", 0.0, "cost_per_1k_tokens", 0.0)),
                100);
        String cheapest = costOnly.ranked().stream()
                .min(Comparator.comparing(
                        e -> e.components().get(Component.COST_PER_REQUEST).raw()))
                .orElseThrow()
                .model();
        assertEquals(cheapest, costOnly.ranked().get(0).model(), "cost alone: the cheapest per request first");
        Ranking latencyOnly = global(
                scoring,
                Weights.of(
                        Map.of("quality", 0.0, "cost", 0.0, "latency", 0.0, "reliability", 0.0, "latency_p95_ms", 1.0)),
                100);
        String fastest = latencyOnly.ranked().stream()
                .min(Comparator.comparing(
                        e -> e.components().get(Component.LATENCY_P95_MS).raw()))
                .orElseThrow()
                .model();
        assertEquals(fastest, latencyOnly.ranked().get(0).model(), "p95 latency alone: the fastest first");
        assertNotEquals(
                costOnly.ranked().stream().map(Ranking.Entry::model).toList(),
                latencyOnly.ranked().stream().map(Ranking.Entry::model).toList(),
                "the weights change the order");
    }

    @Test
    void tooLittleDataIsReportedNotRanked() {
        ModelScoring scoring = new ModelScoring(new ModelStatsQuery(normal.clickHouse), null);
        long qwen = Long.parseLong(normal.clickHouse.selectValue(
                "SELECT count() FROM escalation_metrics WHERE oss_model_id = 'qwen2.5-72b'"));
        Ranking r = global(scoring, Weights.defaults(), qwen + 1);
        assertFalse(
                r.entry("qwen2.5-72b").isPresent(), "qwen2.5-72b has " + qwen + " requests, one short: " + r.ranked());
        Ranking.Unranked reported = r.unranked().stream()
                .filter(u -> u.model().equals("qwen2.5-72b"))
                .findFirst()
                .orElseThrow();
        assertEquals(qwen, reported.requests());
        assertTrue(reported.reason().startsWith("too little data"), reported.reason());
        assertTrue(
                RankingJson.write(r).contains("\"insufficient_data\":[{\"model\":\"qwen2.5-72b\",\"requests\":" + qwen),
                RankingJson.write(r));
    }

    @Test
    void publishingTwiceForAWindowKeepsOneRankingAndAnOlderWindowNeverHidesANewerOne() {
        ModelScoring scoring = scoring(normal);
        List<ModelScoring.Scored> first = scoring.run(DAY, ScoreDimension.TENANT, Weights.defaults(), 100, NOW);
        List<ModelScoring.Scored> again =
                scoring.run(DAY, ScoreDimension.TENANT, Weights.defaults(), 100, NOW.plusSeconds(60));
        assertTrue(again.stream().allMatch(ModelScoring.Scored::published));
        ScoreStore store = new ScoreStore(
                redis.async(),
                "test",
                new ScoreKeys(new UsageKeys(normal.redisPrefix)),
                normal.clickHouse,
                Duration.ofSeconds(10));
        assertEquals(again.get(0).json(), store.read("global", ""), "the global key holds the latest JSON");
        ModelScoring.Scored acme = again.stream()
                .filter(s -> s.ranking().scope().equals("tenant=acme"))
                .findFirst()
                .orElseThrow();
        assertEquals(acme.json(), store.read("tenant", "acme"));
        long models = first.stream()
                .mapToLong(s ->
                        s.ranking().ranked().size() + s.ranking().unranked().size())
                .sum();
        assertEquals(
                models,
                Long.parseLong(normal.clickHouse.selectValue("SELECT count() FROM model_scores FINAL")),
                "one history row per model and scope for the window, however often it ran");
        assertEquals(1, store.history("soma-slm-8b", "global", "", 10).size());

        TimeRange older =
                TimeRange.of(DAY.since().minus(Duration.ofDays(1)), DAY.until().minus(Duration.ofDays(1)));
        List<ModelScoring.Scored> late = scoring.run(older, null, Weights.defaults(), 100, NOW.plusSeconds(120));
        assertFalse(late.get(0).published(), "a ranking of an older window does not replace the newer one");
        assertEquals(again.get(0).json(), store.read("global", ""));
    }

    @Test
    void byDeploymentModeRanksEachModeApartAndEscalationsUnderDash() {
        List<ModelScoring.Scored> scored = new ModelScoring(new ModelStatsQuery(normal.clickHouse), null)
                .run(DAY, ScoreDimension.DEPLOYMENT_MODE, Weights.defaults(), 100, NOW);
        assertEquals(
                List.of("global", "deployment_mode=-", "deployment_mode=edge", "deployment_mode=self_hosted"),
                scored.stream().map(s -> s.ranking().scope()).toList());
        Ranking dash = scored.get(1).ranking();
        assertEquals(
                TelemetryGenerator.ESCALATION_MODELS.stream().sorted().toList(),
                dash.ranked().stream().map(Ranking.Entry::model).sorted().toList(),
                "escalation targets have no deployment mode");
        Ranking edge = scored.get(2).ranking();
        assertEquals(3, edge.ranked().size(), edge.ranked().toString());
        assertTrue(
                edge.ranked().stream().noneMatch(e -> e.components().containsKey(Component.QUEUE_DELAY_MS)),
                "edge requests report no queue delay, so edge rankings have none");
        long edgeRequests = Long.parseLong(
                normal.clickHouse.selectValue("SELECT count() FROM slm_metrics WHERE deployment_mode = 'edge'"));
        assertEquals(
                edgeRequests,
                edge.ranked().stream().mapToLong(Ranking.Entry::requests).sum());
        assertEquals(
                "{p}:scores:models:deployment_mode:-",
                new ScoreKeys(new UsageKeys("p")).ranking("deployment_mode", "-"));
    }
}
