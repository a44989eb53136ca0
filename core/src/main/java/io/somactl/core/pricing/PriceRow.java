package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One flat catalog entry, for listing ({@code cost show}).
 *
 * @param kind what is priced
 * @param tenant the tenant for tenant rows, else {@code null}
 * @param subject model id, deployment mode, or {@code voice}; {@code *} for a tenant-wide discount
 * @param component token class key, {@code per_hour}, a voice rate key, or {@code discount_percent}
 * @param aboveContextTokens the tier threshold this price applies above, or 0 for the base price
 * @param effectiveFrom start of the period the row belongs to
 * @param price the price (or percentage for discounts) exactly as in the catalog
 * @param unit e.g. {@code USD per 1M tokens}, {@code USD per hour}, {@code percent}
 */
public record PriceRow(
        Kind kind,
        String tenant,
        String subject,
        String component,
        long aboveContextTokens,
        Instant effectiveFrom,
        BigDecimal price,
        String unit) {

    /** What a row prices. */
    public enum Kind {
        MODEL,
        GPU,
        VOICE,
        TENANT_DISCOUNT,
        TENANT_MODEL
    }
}
