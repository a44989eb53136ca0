package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The cost of one {@link EscalationUsage} in USD; {@code total} is the exact sum of the quantized components.
 *
 * @param billed the escalation's tokens as the disjoint classes that were priced (no cached classes)
 */
public record EscalationCost(
        BigDecimal input,
        BigDecimal output,
        BigDecimal reasoning,
        BigDecimal total,
        String pricingVersion,
        BilledTokens billed) {
    public EscalationCost {
        Checks.cost("input", input);
        Checks.cost("output", output);
        Checks.cost("reasoning", reasoning);
        Checks.cost("total", total);
        Objects.requireNonNull(pricingVersion, "pricingVersion");
        Objects.requireNonNull(billed, "billed");
    }
}
