package io.somactl.core.pricing;

import java.time.Instant;
import java.util.Objects;

/**
 * The prices of one model from {@code effectiveFrom} until the next period of that model, and how
 * its provider counts the tokens events report ({@code usage_convention}, default {@code disjoint}).
 */
public record ModelPricePeriod(Instant effectiveFrom, ModelPrices prices, UsageConvention convention) {
    public ModelPricePeriod {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(convention, "convention");
    }

    public ModelPricePeriod(Instant effectiveFrom, ModelPrices prices) {
        this(effectiveFrom, prices, UsageConvention.DISJOINT);
    }
}
