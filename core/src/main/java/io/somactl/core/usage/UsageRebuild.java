package io.somactl.core.usage;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recomputes the Redis budget counters, and the watermarks that say what they cover, from what
 * ClickHouse holds: for when Redis was flushed or lost. The sums are the ones ingest adds, so a
 * rebuilt counter equals the one ingest would have kept. {@link #rebuild} is for when ingest is
 * stopped; ingest itself uses {@link #rebuildWhileIngesting} when it finds Redis lost its state.
 */
public final class UsageRebuild {
    // Per priced table: the same request, token, cost and GPU figures EventPricing counts.
    private static final Map<String, String> SOURCES = Map.of(
            "slm_metrics",
                    "count(), sum(input_tokens), sum(output_tokens), sum(input_tokens + ifNull(cached_input_read_tokens, 0)"
                            + " + ifNull(cached_input_write_tokens, 0) + output_tokens + ifNull(reasoning_tokens, 0)),"
                            + " toString(sum(cost_usd)), sum(toInt64(round(ifNull(gpu_seconds, 0) * 1000000)))",
            "escalation_metrics",
                    "count(), sum(input_tokens), sum(output_tokens),"
                            + " sum(input_tokens + output_tokens + ifNull(reasoning_tokens, 0)), toString(sum(cost_usd)), toInt64(0)",
            "conversation_metrics",
                    "count(), sum(ifNull(input_tokens, 0)), sum(ifNull(output_tokens, 0)),"
                            + " sum(ifNull(input_tokens, 0) + ifNull(output_tokens, 0)), toString(sum(cost_usd)), toInt64(0)");
    private static final Map<String, String> FILTERS = Map.of("conversation_metrics", " AND channel = 'voice'");

    private final ClickHouse clickHouse;
    private final RedisUsageCounters counters;

    public UsageRebuild(ClickHouse clickHouse, RedisUsageCounters counters) {
        this.clickHouse = clickHouse;
        this.counters = counters;
    }

    /** Rebuilds every tenant, or only {@code tenant} when given; returns counter keys written per tenant. */
    public Map<String, Integer> rebuild(String onlyTenant) {
        Snapshot snapshot = read(onlyTenant);
        Map<String, Integer> written = new TreeMap<>();
        for (String tenant : snapshot.watermarks().keySet()) {
            Map<String, UsageTotals> sums = snapshot.sums().getOrDefault(tenant, Map.of());
            counters.replace(tenant, sums, snapshot.watermarks().get(tenant));
            written.put(tenant, sums.size());
        }
        if (onlyTenant == null) {
            counters.markComplete(); // so ingest does not rebuild them again
        }
        return written;
    }

    /**
     * Rebuilds every tenant while ingest workers may be counting: a tenant whose watermarks in
     * Redis moved past what ClickHouse held when it was read (a worker counted a batch meanwhile)
     * is read again, so nothing counted since is overwritten. A worker counting a batch the
     * rebuild already holds is refused by its watermarks and re-reads it.
     */
    public Map<String, Integer> rebuildWhileIngesting() {
        Snapshot snapshot = read(null);
        Map<String, Integer> written = new TreeMap<>();
        for (String tenant : snapshot.watermarks().keySet()) {
            Snapshot one = snapshot;
            for (int attempt = 1; ; attempt++) {
                Map<String, UsageTotals> sums = one.sums().getOrDefault(tenant, Map.of());
                if (counters.replace(tenant, sums, one.watermarks().getOrDefault(tenant, Map.of()), true)) {
                    written.put(tenant, sums.size());
                    break;
                }
                if (attempt == 5) {
                    throw new io.somactl.core.SomactlException("rebuilding the usage counters of tenant " + tenant
                            + " failed: its watermarks moved on " + attempt + " times while ClickHouse was read");
                }
                one = read(tenant);
            }
        }
        return written;
    }

    /**
     * Rebuilds one tenant while ingest workers may be counting, as {@link #rebuildWhileIngesting}
     * does for all: read again if its watermarks moved on meanwhile.
     */
    public int rebuildTenantWhileIngesting(String tenant) {
        for (int attempt = 1; ; attempt++) {
            Snapshot one = read(tenant);
            Map<String, UsageTotals> sums = one.sums().getOrDefault(tenant, Map.of());
            if (counters.replace(tenant, sums, one.watermarks().getOrDefault(tenant, Map.of()), true)) {
                return sums.size();
            }
            if (attempt == 5) {
                throw new io.somactl.core.SomactlException("recounting the usage of tenant " + tenant
                        + " failed: its watermarks moved on " + attempt + " times while ClickHouse was read");
            }
        }
    }

    private record Snapshot(Map<String, Map<String, UsageTotals>> sums, Map<String, Map<String, Long>> watermarks) {}

    /**
     * Sums and watermarks from one query per table, so both come from the same data: a row
     * inserted between two queries could otherwise be covered by a watermark but missing from
     * the sums.
     */
    private Snapshot read(String onlyTenant) {
        UsageKeys keys = counters.keys();
        Map<String, Map<String, UsageTotals>> sumsByTenant = new TreeMap<>();
        Map<String, Map<String, Long>> watermarksByTenant = new TreeMap<>();
        String tenantFilter = onlyTenant == null ? "" : " AND tenant = " + Sql.quote(onlyTenant);
        for (Map.Entry<String, String> source : new TreeMap<>(SOURCES).entrySet()) {
            String table = Sql.table(clickHouse.database(), source.getKey());
            String where = " WHERE 1" + FILTERS.getOrDefault(source.getKey(), "") + tenantFilter;
            String sql =
                    "SELECT tenant, persona, intDiv(toUInt32(ts), 3600) * 3600 AS hour, _topic, _partition, max(_offset), "
                            + source.getValue() + " FROM " + table + where
                            + " GROUP BY tenant, persona, hour, _topic, _partition";
            for (List<String> row : clickHouse.select(sql)) {
                String tenant = row.get(0);
                String persona = row.get(1);
                Instant hour = Instant.ofEpochSecond(Long.parseLong(row.get(2)));
                watermarksByTenant
                        .computeIfAbsent(tenant, t -> new TreeMap<>())
                        .merge(
                                UsageKeys.partitionField(row.get(3), Integer.parseInt(row.get(4))),
                                Long.parseLong(row.get(5)),
                                Math::max);
                UsageTotals totals = new UsageTotals(
                        Long.parseLong(row.get(6)),
                        Long.parseLong(row.get(7)),
                        Long.parseLong(row.get(8)),
                        Long.parseLong(row.get(9)),
                        new BigDecimal(row.get(10)),
                        Long.parseLong(row.get(11)));
                Map<String, UsageTotals> sums = sumsByTenant.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
                for (UsageWindow window : UsageWindow.values()) {
                    sums.merge(keys.tenantUsage(tenant, window, hour), totals, UsageTotals::plus);
                    sums.merge(keys.personaUsage(tenant, persona, window, hour), totals, UsageTotals::plus);
                }
            }
        }
        return new Snapshot(sumsByTenant, watermarksByTenant);
    }
}
