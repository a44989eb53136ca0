package io.somactl.core.ingest;

import io.somactl.core.usage.UsageDelta;
import java.math.BigDecimal;
import java.util.List;

/**
 * What pricing adds to an event's row: the values of its topic's cost columns (in the order
 * {@link EventPricing#costColumns()} names them) and the catalog version, and the usage it adds to
 * budget counters ({@code null} for topics that cost nothing).
 */
record PricedEvent(List<BigDecimal> costs, String pricingVersion, UsageDelta usage) {
    static final PricedEvent UNPRICED = new PricedEvent(List.of(), null, null);
}
