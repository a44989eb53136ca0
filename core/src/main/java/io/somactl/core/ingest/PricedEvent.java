package io.somactl.core.ingest;

import io.somactl.core.usage.UsageDelta;
import java.math.BigDecimal;
import java.util.List;

/**
 * What pricing adds to an event's row: the values of its topic's cost columns (in the order
 * {@link EventPricing#costColumns()} names them) and the catalog version, the usage it adds to
 * budget counters ({@code null} for topics that cost nothing), and the billed plain input and
 * visible output tokens the row stores in {@code input_tokens} and {@code output_tokens} (-1: the
 * event's own values; they differ where the model's usage convention counts cached or reasoning
 * tokens inside them, see {@link io.somactl.core.pricing.UsageConvention}).
 */
record PricedEvent(List<BigDecimal> costs, String pricingVersion, UsageDelta usage, long storedInputTokens,
                   long storedOutputTokens) {
    static final PricedEvent UNPRICED = new PricedEvent(List.of(), null, null, -1, -1);

    PricedEvent(List<BigDecimal> costs, String pricingVersion, UsageDelta usage) {
        this(costs, pricingVersion, usage, -1, -1);
    }
}
