package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The cost of one {@link SlmUsage} in USD. Every component is quantized once to
 * {@link Money#STORAGE_SCALE} decimals; {@code total} is their exact sum.
 *
 * @param pricingVersion the catalog {@code version} the event was priced with
 * @param billed the event's tokens as the disjoint classes that were priced (after the model's usage convention)
 */
public record SlmCost(
        BigDecimal input,
        BigDecimal cachedRead,
        BigDecimal cachedWrite,
        BigDecimal output,
        BigDecimal reasoning,
        BigDecimal gpu,
        BigDecimal total,
        String pricingVersion,
        BilledTokens billed) {
    public SlmCost {
        Checks.cost("input", input);
        Checks.cost("cachedRead", cachedRead);
        Checks.cost("cachedWrite", cachedWrite);
        Checks.cost("output", output);
        Checks.cost("reasoning", reasoning);
        Checks.cost("gpu", gpu);
        Checks.cost("total", total);
        Objects.requireNonNull(pricingVersion, "pricingVersion");
        Objects.requireNonNull(billed, "billed");
    }

    /** Token cost only (total minus GPU). */
    public BigDecimal tokens() {
        return input.add(cachedRead).add(cachedWrite).add(output).add(reasoning);
    }
}
