package io.somactl.core.scoring;

import io.somactl.core.budget.Decision;
import io.somactl.core.pricing.EscalationUsage;
import io.somactl.core.pricing.Pricer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The model decision the Conversation Worker needs, from the current ranking and the budget state.
 * Pure: the caller reads the ranking (one Redis GET) and the budget decision.
 *
 * <p>In order, the first rule that applies decides:
 * <ol>
 *   <li>{@code budget-pause} / {@code budget-require-approval}: the budget refuses; no model.
 *   <li>{@code budget-downgrade}: the budget forces a cheaper model: the one it names, else the
 *       cheapest candidate.
 *   <li>{@code no-ranking}: no ranking, or none of the candidates ranked: the default model.
 *   <li>{@code complexity-low}, {@code complexity-medium}: the cheapest ranked candidate whose score
 *       reaches the level's minimum; {@code complexity-high}: the best-ranked candidate that does.
 *   <li>{@code best-ranked}: no candidate reaches the minimum: the best-ranked one.
 * </ol>
 * Costs are estimated with the catalog's token prices for the level's request size (input and
 * output tokens; GPU time is not estimated), for the tenant's terms, at {@code now}.
 */
public final class Router {
    private Router() {}

    public record Decided(
            String model,
            String rule,
            String why,
            BigDecimal estimatedCost,
            String defaultModel,
            BigDecimal defaultCost,
            boolean refused) {
        /** Estimated cost of the chosen model minus the default's (null when refused). */
        public BigDecimal difference() {
            return refused ? null : estimatedCost.subtract(defaultCost);
        }
    }

    public static Decided route(
            String tenant,
            List<String> candidates,
            String defaultModel,
            RouteThresholds.Complexity complexity,
            RouteThresholds thresholds,
            RankingJson.Summary ranking,
            Decision budget,
            String budgetDowngradeTo,
            Pricer pricer,
            Instant now) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("give at least one candidate model");
        }
        String fallback = defaultModel == null ? candidates.get(0) : defaultModel;
        RouteThresholds.Level level = thresholds.of(complexity);
        Comparator<String> byCost = Comparator.comparing((String m) -> cost(pricer, tenant, m, level, now))
                .thenComparing(Comparator.naturalOrder());
        BigDecimal defaultCost = cost(pricer, tenant, fallback, level, now);
        if (budget == Decision.PAUSE || budget == Decision.REQUIRE_APPROVAL) {
            return new Decided(
                    null,
                    "budget-" + budget.cliName(),
                    "the budget refuses the request (" + budget.cliName() + ")",
                    null,
                    fallback,
                    defaultCost,
                    true);
        }
        if (budget == Decision.DOWNGRADE) {
            String model = budgetDowngradeTo != null
                    ? budgetDowngradeTo
                    : candidates.stream().min(byCost).orElseThrow();
            return decided(
                    model,
                    "budget-downgrade",
                    budgetDowngradeTo != null
                            ? "the budget is in downgrade state and names " + budgetDowngradeTo
                            : "the budget is in downgrade state: the cheapest candidate",
                    pricer,
                    tenant,
                    level,
                    now,
                    fallback,
                    defaultCost);
        }
        List<String> ranked = ranking == null
                ? List.of()
                : candidates.stream().filter(ranking.models()::containsKey).toList();
        if (ranked.isEmpty()) {
            return decided(
                    fallback,
                    "no-ranking",
                    ranking == null
                            ? "no ranking is published: the default model"
                            : "none of the candidates is ranked (" + ranking.scope() + "): the default model",
                    pricer,
                    tenant,
                    level,
                    now,
                    fallback,
                    defaultCost);
        }
        Comparator<String> byRank =
                Comparator.comparingInt(m -> ranking.models().get(m).rank());
        List<String> eligible = ranked.stream()
                .filter(m -> ranking.models().get(m).score().compareTo(level.minScore()) >= 0)
                .toList();
        if (eligible.isEmpty()) {
            String best = ranked.stream().min(byRank).orElseThrow();
            return decided(
                    best,
                    "best-ranked",
                    "no candidate reaches the " + complexity.key() + " minimum score "
                            + level.minScore().toPlainString() + ": the best-ranked (score "
                            + ranking.models().get(best).score().toPlainString() + ")",
                    pricer,
                    tenant,
                    level,
                    now,
                    fallback,
                    defaultCost);
        }
        Optional<String> chosen = complexity == RouteThresholds.Complexity.HIGH
                ? eligible.stream().min(byRank)
                : eligible.stream().min(byCost);
        String model = chosen.orElseThrow();
        String why =
                (complexity == RouteThresholds.Complexity.HIGH ? "the best-ranked candidate" : "the cheapest candidate")
                        + " with score >= " + level.minScore().toPlainString() + " (score "
                        + ranking.models().get(model).score().toPlainString() + ", rank "
                        + ranking.models().get(model).rank() + " in " + ranking.scope() + ")";
        return decided(model, "complexity-" + complexity.key(), why, pricer, tenant, level, now, fallback, defaultCost);
    }

    private static Decided decided(
            String model,
            String rule,
            String why,
            Pricer pricer,
            String tenant,
            RouteThresholds.Level level,
            Instant now,
            String defaultModel,
            BigDecimal defaultCost) {
        return new Decided(model, rule, why, cost(pricer, tenant, model, level, now), defaultModel, defaultCost, false);
    }

    /** Token cost of one request of the level's size on {@code model}. */
    public static BigDecimal cost(
            Pricer pricer, String tenant, String model, RouteThresholds.Level level, Instant now) {
        return pricer.price(new EscalationUsage(tenant, model, now, level.inputTokens(), level.outputTokens(), 0))
                .total();
    }
}
