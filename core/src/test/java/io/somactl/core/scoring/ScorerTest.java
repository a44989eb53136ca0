package io.somactl.core.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerTest {
    private static final Instant SINCE = Instant.parse("2023-11-16T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2023-11-17T00:00:00Z");
    private static final Instant NOW = Instant.parse("2023-11-17T00:05:00Z");

    private static Ranking rank(List<ModelStats> models, Weights weights, long min) {
        return Scorer.rank("global", "", SINCE, UNTIL, NOW, models, weights, min);
    }

    private static ModelStats model(String name, long requests, Object... componentValues) {
        ModelStats.Builder b = ModelStats.builder(name, requests);
        for (int i = 0; i < componentValues.length; i += 2) {
            b.put((Component) componentValues[i], ((Number) componentValues[i + 1]).doubleValue());
        }
        return b.build();
    }

    @Test
    void minMaxNormalizationGivesOneToTheBestAndZeroToTheWorstInEitherDirection() {
        Ranking r = rank(
                List.of(
                        model("a", 100, Component.LATENCY_P95_MS, 100, Component.SUCCESS_RATE, 0.90),
                        model("b", 100, Component.LATENCY_P95_MS, 300, Component.SUCCESS_RATE, 0.99),
                        model("c", 100, Component.LATENCY_P95_MS, 150, Component.SUCCESS_RATE, 0.96)),
                Weights.defaults(),
                1);
        assertEquals(
                1.0,
                r.entry("a")
                        .orElseThrow()
                        .components()
                        .get(Component.LATENCY_P95_MS)
                        .normalized(),
                1e-12);
        assertEquals(
                0.0,
                r.entry("b")
                        .orElseThrow()
                        .components()
                        .get(Component.LATENCY_P95_MS)
                        .normalized(),
                1e-12);
        assertEquals(
                0.75,
                r.entry("c")
                        .orElseThrow()
                        .components()
                        .get(Component.LATENCY_P95_MS)
                        .normalized(),
                1e-12,
                "150 ms lies a quarter of the way from the best 100 to the worst 300");
        assertEquals(
                1.0,
                r.entry("b")
                        .orElseThrow()
                        .components()
                        .get(Component.SUCCESS_RATE)
                        .normalized(),
                1e-12);
        assertEquals(
                0.0,
                r.entry("a")
                        .orElseThrow()
                        .components()
                        .get(Component.SUCCESS_RATE)
                        .normalized(),
                1e-12);
        assertEquals(
                2.0 / 3,
                r.entry("c")
                        .orElseThrow()
                        .components()
                        .get(Component.SUCCESS_RATE)
                        .normalized(),
                1e-12);
    }

    @Test
    void normalizationIsScaleFree() {
        List<ModelStats> ms = List.of(
                model("a", 10, Component.LATENCY_P50_MS, 120),
                model("b", 10, Component.LATENCY_P50_MS, 480),
                model("c", 10, Component.LATENCY_P50_MS, 200));
        List<ModelStats> seconds = List.of(
                model("a", 10, Component.LATENCY_P50_MS, 0.12),
                model("b", 10, Component.LATENCY_P50_MS, 0.48),
                model("c", 10, Component.LATENCY_P50_MS, 0.2));
        assertEquals(
                rank(ms, Weights.defaults(), 1).ranked().stream()
                        .map(Ranking.Entry::score)
                        .toList(),
                rank(seconds, Weights.defaults(), 1).ranked().stream()
                        .map(Ranking.Entry::score)
                        .toList());
    }

    @Test
    void combinedScoreIsTheWeightedMeanOfTheNormalizedComponentsTheModelHas() {
        // latency group 0.2 over 5 components = 0.04 each; reliability 0.2 over 3 = 0.0666…
        Ranking r = rank(
                List.of(
                        model("a", 100, Component.LATENCY_P50_MS, 100, Component.ERROR_RATE, 0.10),
                        model("b", 100, Component.LATENCY_P50_MS, 200, Component.ERROR_RATE, 0.00)),
                Weights.defaults(),
                1);
        double wl = 0.2 / 5;
        double we = 0.2 / 3;
        assertEquals(new BigDecimal("0.375000"), r.entry("a").orElseThrow().score(), "a: best latency, worst errors");
        assertEquals(
                BigDecimal.valueOf(we / (wl + we)).setScale(6, java.math.RoundingMode.HALF_EVEN),
                r.entry("b").orElseThrow().score());
        assertEquals("b", r.ranked().get(0).model());
    }

    @Test
    void weightsChangeTheOrder() {
        List<ModelStats> models = List.of(
                model("cheap-slow", 500, Component.COST_PER_REQUEST, 0.001, Component.LATENCY_P95_MS, 900),
                model("dear-fast", 500, Component.COST_PER_REQUEST, 0.010, Component.LATENCY_P95_MS, 200));
        assertEquals(
                "cheap-slow",
                rank(models, Weights.of(Map.of("cost", 1.0, "latency", 0.1)), 1)
                        .ranked()
                        .get(0)
                        .model());
        assertEquals(
                "dear-fast",
                rank(models, Weights.of(Map.of("cost", 0.1, "latency", 1.0)), 1)
                        .ranked()
                        .get(0)
                        .model());
        assertEquals(
                "dear-fast",
                rank(models, Weights.of(Map.of("cost_per_request", 0.0)), 1)
                        .ranked()
                        .get(0)
                        .model(),
                "a component weight wins over its group's share");
    }

    @Test
    void tooLittleDataIsReportedNotRankedAndDoesNotMoveTheOthers() {
        ModelStats a = model("a", 100, Component.LATENCY_P50_MS, 100);
        ModelStats b = model("b", 100, Component.LATENCY_P50_MS, 200);
        ModelStats tiny = model("tiny", 99, Component.LATENCY_P50_MS, 1);
        Ranking r = rank(List.of(a, b, tiny), Weights.defaults(), 100);
        assertEquals(
                List.of("a", "b"), r.ranked().stream().map(Ranking.Entry::model).toList());
        assertEquals(1, r.unranked().size());
        assertEquals("tiny", r.unranked().get(0).model());
        assertTrue(
                r.unranked().get(0).reason().contains("99 requests, at least 100"),
                r.unranked().get(0).reason());
        assertEquals(
                1.0,
                r.entry("a")
                        .orElseThrow()
                        .components()
                        .get(Component.LATENCY_P50_MS)
                        .normalized(),
                "the unranked model's 1 ms is not the best the others are measured against");
    }

    @Test
    void tiesAreBrokenByMoreRequestsThenByName() {
        Ranking r = rank(
                List.of(
                        model("b", 100, Component.ERROR_RATE, 0.01),
                        model("a", 100, Component.ERROR_RATE, 0.01),
                        model("c", 300, Component.ERROR_RATE, 0.01)),
                Weights.defaults(),
                1);
        assertEquals(
                List.of("c", "a", "b"),
                r.ranked().stream().map(Ranking.Entry::model).toList());
        assertEquals(
                List.of(1, 2, 3), r.ranked().stream().map(Ranking.Entry::rank).toList());
        assertEquals(new BigDecimal("1.000000"), r.ranked().get(2).score(), "all equal: nobody is penalized");
    }

    @Test
    void aModelWithNothingWeightedIsReportedNotRanked() {
        Ranking r = rank(
                List.of(
                        model("slm", 100, Component.ABORT_RATE, 0.03),
                        model("esc", 100, Component.FALLBACK_RATE, 0.07),
                        model("esc2", 100, Component.FALLBACK_RATE, 0.01)),
                Weights.of(Map.of("quality", 1.0, "cost", 0.0, "latency", 0.0, "reliability", 0.0)),
                1);
        assertEquals(
                List.of("esc2", "esc"),
                r.ranked().stream().map(Ranking.Entry::model).toList());
        assertTrue(
                r.unranked().get(0).reason().startsWith("nothing weighted"),
                r.unranked().get(0).reason());
    }

    @Test
    void weightsRefuseUnknownKeysNegativesAndAllZero() {
        assertThrows(IllegalArgumentException.class, () -> Weights.of(Map.of("speed", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> Weights.of(Map.of("cost", -1.0)));
        assertThrows(
                IllegalArgumentException.class,
                () -> Weights.of(Map.of("quality", 0.0, "cost", 0.0, "latency", 0.0, "reliability", 0.0)));
        assertThrows(IllegalArgumentException.class, () -> Weights.parseFlags(List.of("cost")));
        assertEquals(
                Map.of("cost", 0.5, "fallback_rate", 2.0), Weights.parseFlags(List.of("cost=0.5", "fallback_rate=2")));
    }

    @Test
    void groupWeightIsSharedEquallyByItsComponents() {
        Weights w = Weights.of(Map.of("cost", 0.6));
        assertEquals(0.3, w.of(Component.COST_PER_REQUEST), 1e-12);
        assertEquals(0.3, w.of(Component.COST_PER_1K_TOKENS), 1e-12);
        assertEquals(0.4 / 6, w.of(Component.WER), 1e-12);
    }

    @Test
    void jsonRoundTripsWhatARouterNeeds() {
        Ranking r = rank(
                List.of(
                        model("a", 100, Component.LATENCY_P50_MS, 100.5),
                        model("b", 100, Component.LATENCY_P50_MS, 200)),
                Weights.defaults(),
                1);
        String json = RankingJson.write(r);
        assertEquals(json, RankingJson.write(r), "the same ranking, the same text");
        assertTrue(json.contains("\"raw\":100.5"), json);
        RankingJson.Summary s = RankingJson.read(json);
        assertEquals(UNTIL, s.until());
        assertEquals(1, s.models().get("a").rank());
        assertEquals(0, BigDecimal.ONE.compareTo(s.models().get("a").score()), "a's score");
        assertEquals(0, BigDecimal.ZERO.compareTo(s.models().get("b").score()), "b's score");
    }
}
