package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One period of a tenant's negotiated terms. A period is a complete snapshot: it replaces the
 * tenant's previous period entirely (a period with neither a discount nor custom models returns the
 * tenant to list prices).
 *
 * <p>Rule: a custom model rate replaces the list price for that model and is never discounted; the
 * discount applies to list-priced token costs (SLM and escalation), to GPU cost, and to voice only
 * when {@code discountAppliesToVoice}.
 *
 * @param discountPercent 0..100, or {@code null} for no discount
 * @param models custom per-1M-token prices by model id (may be empty)
 */
public record TenantOverridePeriod(
        Instant effectiveFrom,
        BigDecimal discountPercent,
        boolean discountAppliesToVoice,
        Map<String, ModelPrices> models) {
    public TenantOverridePeriod {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        models = Map.copyOf(models);
    }

    public Optional<BigDecimal> discount() {
        return Optional.ofNullable(discountPercent);
    }
}
