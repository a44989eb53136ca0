package io.somactl.core.scoring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns per-model statistics into a ranking. Pure: no I/O, no clock.
 *
 * <ol>
 *   <li><b>Minimum data.</b> A model with fewer than {@code minRequests} requests in the window is
 *       reported as {@code too little data} and takes no part in what follows (it neither gets a
 *       rank nor moves the others' normalization).
 *   <li><b>Normalization: min-max over the ranked candidates, per component, with its direction.</b>
 *       {@code n = (x - worst) / (best - worst)}, where best is the largest value for a component
 *       where higher is better and the smallest otherwise; 1 is the best candidate, 0 the worst.
 *       When every candidate has the same value, all get 1 (nobody is penalized for a tie). It is
 *       scale-free (milliseconds or seconds, dollars per token or per million give the same n) and,
 *       unlike ranks, keeps proportions: a model with three times the fallbacks of another falls
 *       further than one with 10% more. Its weakness, sensitivity to one extreme candidate, is
 *       what a router wants to see among a handful of models.
 *   <li><b>Combined score</b> = Σ w·n / Σ w over the components the model has (weights from
 *       {@link Weights}); a model without a component (an SLM has no fallbacks) is judged on the
 *       rest. A model none of whose components carries weight is reported as {@code nothing weighted}.
 *   <li><b>Order</b>: score rounded to 6 decimals (HALF_EVEN), higher first; ties by more requests,
 *       then by model name.
 * </ol>
 */
public final class Scorer {
    public static final int SCORE_SCALE = 6;

    private Scorer() {}

    public static Ranking rank(
            String scopeDimension,
            String scopeValue,
            Instant since,
            Instant until,
            Instant computedAt,
            List<ModelStats> models,
            Weights weights,
            long minRequests) {
        List<ModelStats> candidates = new ArrayList<>();
        List<Ranking.Unranked> unranked = new ArrayList<>();
        for (ModelStats m :
                models.stream().sorted(Comparator.comparing(ModelStats::model)).toList()) {
            if (m.requests() < minRequests) {
                unranked.add(new Ranking.Unranked(
                        m.model(),
                        m.requests(),
                        "too little data: " + m.requests() + " requests, at least " + minRequests + " needed"));
            } else {
                candidates.add(m);
            }
        }
        Map<Component, double[]> bounds = new EnumMap<>(Component.class); // {best, worst}
        for (Component c : Component.values()) {
            for (ModelStats m : candidates) {
                BigDecimal raw = m.raw().get(c);
                if (raw == null) {
                    continue;
                }
                double x = raw.doubleValue();
                double[] b = bounds.computeIfAbsent(c, k -> new double[] {x, x});
                b[0] = c.higherIsBetter() ? Math.max(b[0], x) : Math.min(b[0], x);
                b[1] = c.higherIsBetter() ? Math.min(b[1], x) : Math.max(b[1], x);
            }
        }
        record Scored(ModelStats stats, BigDecimal score, Map<Component, Ranking.Part> parts) {}
        List<Scored> scored = new ArrayList<>();
        for (ModelStats m : candidates) {
            double weightSum = 0;
            for (Component c : m.raw().keySet()) {
                weightSum += weights.of(c);
            }
            if (weightSum == 0) {
                unranked.add(new Ranking.Unranked(
                        m.model(),
                        m.requests(),
                        "nothing weighted: none of its components ("
                                + String.join(
                                        ", ",
                                        m.raw().keySet().stream()
                                                .map(Component::key)
                                                .toList()) + ") has a weight"));
                continue;
            }
            Map<Component, Ranking.Part> parts = new LinkedHashMap<>();
            double sum = 0;
            for (Map.Entry<Component, BigDecimal> e : m.raw().entrySet()) {
                double n = normalize(e.getValue().doubleValue(), bounds.get(e.getKey()));
                double share = weights.of(e.getKey()) / weightSum;
                parts.put(e.getKey(), new Ranking.Part(e.getValue(), n, share));
                sum += share * n;
            }
            scored.add(new Scored(m, BigDecimal.valueOf(sum).setScale(SCORE_SCALE, RoundingMode.HALF_EVEN), parts));
        }
        scored.sort(Comparator.comparing(Scored::score)
                .reversed()
                .thenComparing(Comparator.comparingLong((Scored s) -> s.stats().requests())
                        .reversed())
                .thenComparing(s -> s.stats().model()));
        List<Ranking.Entry> ranked = new ArrayList<>();
        for (Scored s : scored) {
            ranked.add(new Ranking.Entry(
                    ranked.size() + 1, s.stats().model(), s.score(), s.stats().requests(), s.parts()));
        }
        unranked.sort(Comparator.comparing(Ranking.Unranked::model));
        return new Ranking(
                scopeDimension,
                scopeValue,
                since,
                until,
                computedAt,
                weights,
                minRequests,
                List.copyOf(ranked),
                List.copyOf(unranked));
    }

    /** Min-max with direction: {@code bounds = {best, worst}}; 1 when best equals worst. */
    static double normalize(double x, double[] bounds) {
        double best = bounds[0];
        double worst = bounds[1];
        if (best == worst) {
            return 1.0;
        }
        return (x - worst) / (best - worst);
    }
}
