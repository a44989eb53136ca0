package io.somactl.core.pricing;

import java.time.Instant;
import java.util.Objects;

/** The prices of one model from {@code effectiveFrom} until the next period of that model. */
public record ModelPricePeriod(Instant effectiveFrom, ModelPrices prices) {
    public ModelPricePeriod {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(prices, "prices");
    }
}
