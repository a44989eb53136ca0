package io.somactl.core.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.budget.Decision;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.scoring.RouteThresholds.Complexity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Pricer PRICER = PricingCatalog.loadBundled().pricer();
    private static final List<String> CANDIDATES = List.of("soma-slm-8b", "llama-3.1-70b", "qwen2.5-72b");
    private static final RouteThresholds T = RouteThresholds.defaults();

    private static RankingJson.Summary ranking(Object... modelRankScore) {
        Map<String, RankingJson.Ranked> models = new LinkedHashMap<>();
        for (int i = 0; i < modelRankScore.length; i += 3) {
            models.put(
                    (String) modelRankScore[i],
                    new RankingJson.Ranked(
                            (Integer) modelRankScore[i + 1], new BigDecimal((String) modelRankScore[i + 2])));
        }
        return new RankingJson.Summary("global", NOW.minusSeconds(86400), NOW, NOW, models);
    }

    private static Router.Decided route(
            Complexity c, RankingJson.Summary ranking, Decision budget, String downgradeTo) {
        return Router.route("acme", CANDIDATES, "soma-slm-8b", c, T, ranking, budget, downgradeTo, PRICER, NOW);
    }

    private static BigDecimal cost(String model, Complexity c) {
        return Router.cost(PRICER, "acme", model, T.of(c), NOW);
    }

    private final RankingJson.Summary ranked =
            ranking("llama-3.1-70b", 1, "0.91", "qwen2.5-72b", 2, "0.85", "soma-slm-8b", 3, "0.60");

    @Test
    void theCatalogOrdersTheCandidatesByCost() {
        assertTrue(cost("soma-slm-8b", Complexity.HIGH).compareTo(cost("qwen2.5-72b", Complexity.HIGH)) < 0);
        assertTrue(cost("soma-slm-8b", Complexity.HIGH).compareTo(cost("llama-3.1-70b", Complexity.HIGH)) < 0);
    }

    @Test
    void highComplexityTakesTheBestRankedAboveTheMinimumAndPricesTheDifference() {
        Router.Decided d = route(Complexity.HIGH, ranked, Decision.ALLOW, null);
        assertEquals("llama-3.1-70b", d.model());
        assertEquals("complexity-high", d.rule());
        assertEquals(
                cost("llama-3.1-70b", Complexity.HIGH).subtract(cost("soma-slm-8b", Complexity.HIGH)), d.difference());
        assertTrue(d.difference().signum() > 0, "escalating costs more");
    }

    @Test
    void lowAndMediumTakeTheCheapestGoodEnoughCandidate() {
        assertEquals(
                "soma-slm-8b",
                route(Complexity.LOW, ranked, Decision.ALLOW, null).model());
        assertEquals(
                "soma-slm-8b",
                route(Complexity.MEDIUM, ranked, Decision.WARN, null).model(),
                "0.60 >= 0.5");
        RankingJson.Summary weakSlm =
                ranking("llama-3.1-70b", 1, "0.91", "qwen2.5-72b", 2, "0.85", "soma-slm-8b", 3, "0.40");
        Router.Decided d = route(Complexity.MEDIUM, weakSlm, Decision.ALLOW, null);
        String cheaper = cost("qwen2.5-72b", Complexity.MEDIUM).compareTo(cost("llama-3.1-70b", Complexity.MEDIUM)) <= 0
                ? "qwen2.5-72b"
                : "llama-3.1-70b";
        assertEquals(cheaper, d.model(), "0.40 < 0.5: the cheaper of the two that qualify");
    }

    @Test
    void noCandidateGoodEnoughFallsBackToTheBestRanked() {
        Router.Decided d = route(
                Complexity.HIGH, ranking("qwen2.5-72b", 1, "0.70", "soma-slm-8b", 2, "0.20"), Decision.ALLOW, null);
        assertEquals("qwen2.5-72b", d.model());
        assertEquals("best-ranked", d.rule());
    }

    @Test
    void budgetDowngradeForcesTheCheaperModelAndNamesTheRule() {
        Router.Decided named = route(Complexity.HIGH, ranked, Decision.DOWNGRADE, "soma-slm-3b");
        assertEquals("soma-slm-3b", named.model());
        assertEquals("budget-downgrade", named.rule());
        Router.Decided cheapest = route(Complexity.HIGH, ranked, Decision.DOWNGRADE, null);
        assertEquals("soma-slm-8b", cheapest.model());
        assertEquals(0, cheapest.difference().signum(), "the default is the cheapest here");
    }

    @Test
    void budgetPauseAndApprovalRefuse() {
        Router.Decided paused = route(Complexity.LOW, ranked, Decision.PAUSE, null);
        assertTrue(paused.refused());
        assertNull(paused.model());
        assertEquals("budget-pause", paused.rule());
        assertEquals(
                "budget-require-approval",
                route(Complexity.LOW, ranked, Decision.REQUIRE_APPROVAL, null).rule());
    }

    @Test
    void withoutARankingTheDefaultModel() {
        Router.Decided d = route(Complexity.HIGH, null, Decision.ALLOW, null);
        assertEquals("soma-slm-8b", d.model());
        assertEquals("no-ranking", d.rule());
        assertEquals(0, d.difference().signum());
    }
}
