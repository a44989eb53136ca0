package io.somactl.core.reprice;

import io.somactl.core.pricing.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a reprice changes, per tenant and model: the events looked at, how many of them change, and
 * their cost before and after (exact, 12 decimals). Pure: {@link #add} one event at a time.
 */
public final class RepriceDiff {
    /** One tenant and model: {@code delta = newCost - oldCost}. */
    public record Line(String tenant, String model, long events, long changed, BigDecimal oldCost, BigDecimal newCost) {
        public Line {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(model, "model");
        }

        public BigDecimal delta() {
            return newCost.subtract(oldCost);
        }
    }

    private final Map<String, Map<String, long[]>> counts = new TreeMap<>();
    private final Map<String, Map<String, BigDecimal[]>> costs = new TreeMap<>();

    /**
     * One event of {@code tenant} and {@code model}, its stored and its new total cost; {@code changed}
     * when any of its cost columns or its pricing version changes (a total can stay while its parts move).
     */
    public void add(String tenant, String model, BigDecimal oldCost, BigDecimal newCost, boolean changed) {
        long[] c = counts.computeIfAbsent(tenant, t -> new TreeMap<>()).computeIfAbsent(model, m -> new long[2]);
        BigDecimal[] s = costs.computeIfAbsent(tenant, t -> new TreeMap<>())
                .computeIfAbsent(model, m -> new BigDecimal[] {Money.ZERO, Money.ZERO});
        c[0]++;
        if (changed) {
            c[1]++;
        }
        s[0] = s[0].add(oldCost);
        s[1] = s[1].add(newCost);
    }

    /** Every tenant and model seen, by tenant then model. */
    public List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        counts.forEach((tenant, byModel) -> byModel.forEach((model, c) -> {
            BigDecimal[] s = costs.get(tenant).get(model);
            lines.add(new Line(tenant, model, c[0], c[1], s[0], s[1]));
        }));
        return lines;
    }

    /** All lines added up, under tenant and model {@code *}. */
    public Line total() {
        long events = 0;
        long changed = 0;
        BigDecimal oldCost = Money.ZERO;
        BigDecimal newCost = Money.ZERO;
        for (Line line : lines()) {
            events += line.events();
            changed += line.changed();
            oldCost = oldCost.add(line.oldCost());
            newCost = newCost.add(line.newCost());
        }
        return new Line("*", "*", events, changed, oldCost, newCost);
    }

    /** Whether any event's cost changes. */
    public boolean changesAnything() {
        return total().changed() > 0;
    }
}
