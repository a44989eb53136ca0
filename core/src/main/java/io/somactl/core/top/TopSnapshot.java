package io.somactl.core.top;

import java.time.Instant;
import java.util.List;

/**
 * What {@code somactl top} shows at one refresh. Spend windows are UTC: the last hour is {@code [hourSince, until)},
 * today {@code [daySince, until)} with {@code until} the start of tomorrow, the same bounds {@code spend --since --until}
 * takes. Each panel says whether this refresh got it ({@link Fetched#isStale()}).
 *
 * @param deadLettersPerMinute dead letters added per minute since the previous refresh, or null on the first
 */
public record TopSnapshot(
        Instant takenAt,
        Instant hourSince,
        Instant daySince,
        Instant until,
        Fetched<List<TenantModelSpend>> spend,
        Fetched<List<PersonaSpend>> personas,
        Fetched<List<BudgetAlert>> budgets,
        Fetched<List<TopicHealth>> ingest,
        Fetched<List<AnomalyRow>> anomalies,
        Double deadLettersPerMinute) {

    /** Per tenant, summed over models, most spent today first (an empty list before the first fetch). */
    public List<TenantSpend> tenants() {
        return spend.value() == null ? List.of() : TopModel.tenants(spend.value());
    }
}
