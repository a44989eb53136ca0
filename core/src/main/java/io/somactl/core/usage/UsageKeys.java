package io.somactl.core.usage;

import java.time.Instant;

/**
 * Redis key layout. Every key of a tenant starts with the hash tag {@code {prefix:tenant}}, so a
 * tenant's counters, watermarks and budgets share one Redis Cluster slot and one Lua script can
 * update them atomically. Tenant and persona names are slugs by contract (no braces).
 */
public final class UsageKeys {
    private final String prefix;

    public UsageKeys(String prefix) {
        if (prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
            throw new IllegalArgumentException("redis.key-prefix must be non-empty and without braces: " + prefix);
        }
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String tenantTag(String tenant) {
        return "{" + prefix + ":" + tenant + "}";
    }

    public String tenantUsage(String tenant, UsageWindow window, Instant at) {
        return tenantTag(tenant) + ":usage:tenant:" + window.code() + ":" + window.bucket(at);
    }

    public String personaUsage(String tenant, String persona, UsageWindow window, Instant at) {
        return tenantTag(tenant) + ":usage:persona:" + persona + ":" + window.code() + ":" + window.bucket(at);
    }

    /**
     * Per tenant: the usage totals of the budget windows checks use, one field per scope and window
     * ({@code t|daily|calendar|Europe/Berlin}, {@code p:support|daily|rolling|}) holding {@code first hour,end
     * hour,requests,input_tokens,output_tokens,total_tokens,gpu_micros,cost_usd,cost_pico}. A budget check
     * builds a window's field from the counters when it starts; from then on ingest adds each hour's usage
     * to the fields whose hours contain it, in the same script as the counters, so the field always equals
     * the counters it stands for. Rewriting counters ({@link RedisUsageCounters#replace}) deletes it.
     */
    public String windowTotals(String tenant) {
        return tenantTag(tenant) + ":budget:windows";
    }

    /** Per tenant: for each {@code topic:partition}, the highest offset already counted. */
    public String appliedOffsets(String tenant) {
        return tenantTag(tenant) + ":ingest:applied";
    }

    /**
     * Set by ingest once the counters under this prefix are complete ({@code ok:…}), or while one
     * worker rebuilds them ({@code pending:…}); its absence means Redis lost them (or is new).
     */
    public String ingestMarker() {
        return "{" + prefix + "}:ingest:marker";
    }

    /** The tenants a replay added rows for whose counters are not yet recounted from ClickHouse (a set). */
    public String replayRecount() {
        return "{" + prefix + "}:replay:recount";
    }

    public static String partitionField(String topic, int partition) {
        return topic + ":" + partition;
    }
}
