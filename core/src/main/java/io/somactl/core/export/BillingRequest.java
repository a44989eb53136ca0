package io.somactl.core.export;

import io.somactl.core.budget.Names;
import io.somactl.core.report.Grain;
import io.somactl.core.report.TimeRange;
import java.util.List;
import java.util.Objects;

/**
 * What to bill: the period, the width of one row's time bucket, what rows are grouped by, and the
 * tenants to include (empty: every tenant).
 */
public record BillingRequest(TimeRange range, Grain grain, List<BillingDimension> groupBy, List<String> tenants) {
    public BillingRequest {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(grain, "grain");
        groupBy = List.copyOf(groupBy);
        if (!groupBy.contains(BillingDimension.TENANT)) {
            throw new IllegalArgumentException("billing rows are grouped by tenant at least");
        }
        // A name no event can carry (the contract's tenant pattern) is a mistake, not a tenant without data.
        tenants = tenants.stream().map(Names::tenant).distinct().sorted().toList();
    }

    /** The file's columns, in order. */
    public List<String> columns() {
        List<String> columns = new java.util.ArrayList<>();
        columns.add(BillingRow.PERIOD_START);
        groupBy.forEach(d -> columns.add(d.column()));
        columns.addAll(BillingRow.METRICS);
        return List.copyOf(columns);
    }
}
