package io.somactl.core.export;

import io.somactl.core.pricing.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Exact totals of a billing export, overall and per tenant: what a manifest records and what
 * {@code export verify} recomputes from a file and from ClickHouse. Sums of longs and of exact
 * decimals, so the same rows in any order give equal totals.
 */
public final class BillingTotals {
    private final Sum overall = new Sum();
    private final Map<String, Sum> byTenant = new TreeMap<>();

    public void add(BillingRow row) {
        overall.add(row);
        byTenant.computeIfAbsent(row.tenant(), t -> new Sum()).add(row);
    }

    public Sum overall() {
        return overall;
    }

    public Map<String, Sum> byTenant() {
        return Collections.unmodifiableMap(byTenant);
    }

    /** Rebuilds totals as recorded (e.g. in a manifest). */
    public static BillingTotals of(Sum overall, Map<String, Sum> byTenant) {
        BillingTotals totals = new BillingTotals();
        totals.overall.merge(overall);
        byTenant.forEach((tenant, sum) ->
                totals.byTenant.computeIfAbsent(tenant, t -> new Sum()).merge(sum));
        return totals;
    }

    /**
     * Every difference between these totals ({@code thisName}) and {@code other} ({@code otherName}),
     * overall first, then tenants in order; empty when they are equal to the last decimal.
     */
    public List<String> differences(String thisName, BillingTotals other, String otherName) {
        List<String> differences = new ArrayList<>();
        overall.compare("totals", thisName, other.overall, otherName, differences);
        TreeMap<String, Sum> tenants = new TreeMap<>(byTenant);
        other.byTenant.keySet().forEach(t -> tenants.putIfAbsent(t, null));
        for (String tenant : tenants.keySet()) {
            Sum mine = byTenant.get(tenant);
            Sum theirs = other.byTenant.get(tenant);
            if (mine == null || theirs == null) {
                differences.add("tenant " + tenant + ": in " + (mine == null ? otherName : thisName) + " only");
            } else {
                mine.compare("tenant " + tenant, thisName, theirs, otherName, differences);
            }
        }
        return differences;
    }

    /** One set of sums; decimals keep storage scale. */
    public static final class Sum {
        private long rows;
        private long requests;
        private long inputTokens;
        private long outputTokens;
        private long totalTokens;
        private BigDecimal gpuHours = Money.ZERO;
        private BigDecimal costUsd = Money.ZERO;

        public Sum() {}

        public Sum(
                long rows,
                long requests,
                long inputTokens,
                long outputTokens,
                long totalTokens,
                BigDecimal gpuHours,
                BigDecimal costUsd) {
            this.rows = rows;
            this.requests = requests;
            this.inputTokens = inputTokens;
            this.outputTokens = outputTokens;
            this.totalTokens = totalTokens;
            this.gpuHours = Objects.requireNonNull(gpuHours);
            this.costUsd = Objects.requireNonNull(costUsd);
        }

        void add(BillingRow row) {
            rows++;
            requests = Math.addExact(requests, row.requests());
            inputTokens = Math.addExact(inputTokens, row.inputTokens());
            outputTokens = Math.addExact(outputTokens, row.outputTokens());
            totalTokens = Math.addExact(totalTokens, row.totalTokens());
            gpuHours = gpuHours.add(row.gpuHours());
            costUsd = costUsd.add(row.costUsd());
        }

        void merge(Sum other) {
            rows += other.rows;
            requests += other.requests;
            inputTokens += other.inputTokens;
            outputTokens += other.outputTokens;
            totalTokens += other.totalTokens;
            gpuHours = gpuHours.add(other.gpuHours);
            costUsd = costUsd.add(other.costUsd);
        }

        public long rows() {
            return rows;
        }

        public long requests() {
            return requests;
        }

        public long inputTokens() {
            return inputTokens;
        }

        public long outputTokens() {
            return outputTokens;
        }

        public long totalTokens() {
            return totalTokens;
        }

        public BigDecimal gpuHours() {
            return gpuHours;
        }

        public BigDecimal costUsd() {
            return costUsd;
        }

        /** Field name to value, in manifest order; decimals as plain strings. */
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("rows", rows);
            fields.put("requests", requests);
            fields.put("input_tokens", inputTokens);
            fields.put("output_tokens", outputTokens);
            fields.put("total_tokens", totalTokens);
            fields.put("gpu_hours", gpuHours.toPlainString());
            fields.put("cost_usd", costUsd.toPlainString());
            return fields;
        }

        void compare(String where, String thisName, Sum other, String otherName, List<String> differences) {
            Map<String, Object> mine = fields();
            Map<String, Object> theirs = other.fields();
            for (Map.Entry<String, Object> field : mine.entrySet()) {
                Object a = field.getValue();
                Object b = theirs.get(field.getKey());
                boolean equal = a instanceof String sa && b instanceof String sb
                        ? new BigDecimal(sa).compareTo(new BigDecimal(sb)) == 0
                        : a.equals(b);
                if (!equal) {
                    differences.add(
                            where + " " + field.getKey() + ": " + thisName + " " + a + ", " + otherName + " " + b);
                }
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sum other && fields().equals(other.fields());
        }

        @Override
        public int hashCode() {
            return fields().hashCode();
        }

        @Override
        public String toString() {
            return fields().toString();
        }
    }
}
