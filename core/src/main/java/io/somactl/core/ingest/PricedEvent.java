package io.somactl.core.ingest;

import io.somactl.core.usage.UsageDelta;
import java.math.BigDecimal;
import java.util.List;

/**
 * What pricing adds to an event's row: the cost columns with their values and the catalog version,
 * and the usage it adds to budget counters ({@code null} for topics that cost nothing).
 */
record PricedEvent(List<String> costColumns, List<BigDecimal> costs, String pricingVersion, UsageDelta usage) {
    static final PricedEvent UNPRICED = new PricedEvent(List.of(), List.of(), null, null);
}
