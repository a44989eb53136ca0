package io.somactl.core.ingest;

import io.somactl.core.clickhouse.block.NativeColumn;
import io.somactl.core.pricing.Money;
import io.somactl.core.usage.UsageDelta;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What pricing adds to an event's row: the values of its topic's cost columns (in the order
 * {@link EventPricing#costColumns()} names them) and the catalog version, the usage it adds to
 * budget counters ({@code null} for topics that cost nothing), and the billed plain input and
 * visible output tokens the row stores in {@code input_tokens} and {@code output_tokens} (-1: the
 * event's own values; they differ where the model's usage convention counts cached or reasoning
 * tokens inside them, see {@link io.somactl.core.pricing.UsageConvention}).
 *
 * <p>The costs are held either as {@link BigDecimal}s or, on the usual event's fast path, as
 * pico-dollars (their unscaled values at {@link Money#STORAGE_SCALE}), which go to the
 * {@code Decimal(38,12)} columns as they are.
 */
final class PricedEvent {
    static final PricedEvent UNPRICED = new PricedEvent(List.of(), null, null, -1, -1);

    private final List<BigDecimal> costs; // null when picoCosts holds them
    private final long[] picoCosts;
    private final String pricingVersion;
    private final UsageDelta usage;
    private final long storedInputTokens;
    private final long storedOutputTokens;

    PricedEvent(
            List<BigDecimal> costs,
            String pricingVersion,
            UsageDelta usage,
            long storedInputTokens,
            long storedOutputTokens) {
        this(costs, null, pricingVersion, usage, storedInputTokens, storedOutputTokens);
    }

    PricedEvent(List<BigDecimal> costs, String pricingVersion, UsageDelta usage) {
        this(costs, pricingVersion, usage, -1, -1);
    }

    private PricedEvent(
            List<BigDecimal> costs,
            long[] picoCosts,
            String pricingVersion,
            UsageDelta usage,
            long storedInputTokens,
            long storedOutputTokens) {
        this.costs = costs;
        this.picoCosts = picoCosts;
        this.pricingVersion = pricingVersion;
        this.usage = usage;
        this.storedInputTokens = storedInputTokens;
        this.storedOutputTokens = storedOutputTokens;
    }

    /** Costs in pico-dollars (1e-12 USD), in column order. */
    static PricedEvent ofPico(
            long[] picoCosts,
            String pricingVersion,
            UsageDelta usage,
            long storedInputTokens,
            long storedOutputTokens) {
        return new PricedEvent(null, picoCosts, pricingVersion, usage, storedInputTokens, storedOutputTokens);
    }

    /** The cost column values, in column order, at {@link Money#STORAGE_SCALE}. */
    List<BigDecimal> costs() {
        if (costs != null) {
            return costs;
        }
        List<BigDecimal> values = new ArrayList<>(picoCosts.length);
        for (long pico : picoCosts) {
            values.add(BigDecimal.valueOf(pico, Money.STORAGE_SCALE));
        }
        return values;
    }

    /** Appends cost {@code i} (in column order) to its column. */
    void appendCost(NativeColumn column, int i) {
        if (picoCosts != null) {
            column.appendUnscaledDecimal(picoCosts[i], Money.STORAGE_SCALE);
        } else {
            column.appendDecimal(costs.get(i));
        }
    }

    String pricingVersion() {
        return pricingVersion;
    }

    UsageDelta usage() {
        return usage;
    }

    long storedInputTokens() {
        return storedInputTokens;
    }

    long storedOutputTokens() {
        return storedOutputTokens;
    }
}
