package io.somactl.core.scoring;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ranking of models over a window, for one scope: {@code global}, or one value of a dimension
 * ({@code tenant=acme}). Ranked models first, best first; models with too little data (or nothing
 * weighted) are listed apart and never ranked.
 *
 * @param scopeDimension {@code global}, {@code tenant}, {@code persona} or {@code deployment_mode}
 * @param scopeValue the dimension's value, empty for {@code global}
 */
public record Ranking(
        String scopeDimension,
        String scopeValue,
        Instant since,
        Instant until,
        Instant computedAt,
        Weights weights,
        long minRequests,
        List<Entry> ranked,
        List<Unranked> unranked) {

    /** One ranked model: its rank (1 = best), combined score in [0, 1] (6 decimals) and every component. */
    public record Entry(int rank, String model, BigDecimal score, long requests, Map<Component, Part> components) {}

    /**
     * One component of a ranked model.
     *
     * @param normalized in [0, 1], 1 = the best of the ranked models (min-max with the component's direction)
     * @param weight the weight's share of the model's score (its weight / the sum of the weights of its components)
     */
    public record Part(BigDecimal raw, double normalized, double weight) {}

    /** A model reported but not ranked, and why. */
    public record Unranked(String model, long requests, String reason) {}

    public Optional<Entry> entry(String model) {
        return ranked.stream().filter(e -> e.model().equals(model)).findFirst();
    }

    public String scope() {
        return scopeDimension.equals("global") ? "global" : scopeDimension + "=" + scopeValue;
    }
}
