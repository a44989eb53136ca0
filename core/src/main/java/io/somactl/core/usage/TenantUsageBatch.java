package io.somactl.core.usage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tenant's share of an ingest batch: the sums to add per counter key, and for each Kafka
 * partition the first and last offset the sums cover. Applied atomically, or not at all.
 */
public final class TenantUsageBatch {
    private final String tenant;
    private final Map<String, UsageTotals> sums = new LinkedHashMap<>();
    private final Map<String, long[]> offsetRanges = new LinkedHashMap<>();

    public TenantUsageBatch(String tenant) {
        this.tenant = tenant;
    }

    public void add(UsageKeys keys, UsageDelta delta, String partitionField, long offset) {
        for (UsageWindow window : UsageWindow.values()) {
            sums.merge(keys.tenantUsage(tenant, window, delta.ts()), UsageTotals.ZERO.plus(delta), UsageTotals::plus);
            sums.merge(keys.personaUsage(tenant, delta.persona(), window, delta.ts()), UsageTotals.ZERO.plus(delta),
                    UsageTotals::plus);
        }
        offsetRanges.merge(partitionField, new long[] {offset, offset},
                (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }

    public String tenant() {
        return tenant;
    }

    public Map<String, UsageTotals> sums() {
        return sums;
    }

    /** Per {@code topic:partition}: {first, last} offset covered. */
    public Map<String, long[]> offsetRanges() {
        return offsetRanges;
    }

    public boolean isEmpty() {
        return sums.isEmpty();
    }
}
