package io.somactl.core.budget;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.somactl.core.usage.UsageTotals;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sums the usage counters of a window (every field: requests, tokens, cost, GPU), pipelined. */
public final class UsageReader {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final BudgetKeys keys;
    private final RedisCalls calls;

    public UsageReader(RedisClusterAsyncCommands<String, String> redis, BudgetKeys keys, Duration timeout) {
        this.redis = redis;
        this.keys = keys;
        this.calls = new RedisCalls(timeout, "(usage counters)");
    }

    /** The totals of a tenant ({@code persona == null}) or a persona over a window's buckets. */
    public UsageTotals totals(String tenant, String persona, BudgetWindow window) {
        List<RedisFuture<Map<String, String>>> replies = new ArrayList<>();
        for (Bucket bucket : window.buckets()) {
            replies.add(redis.hgetall(keys.counter(tenant, persona, bucket)));
        }
        UsageTotals sum = UsageTotals.ZERO;
        for (RedisFuture<Map<String, String>> reply : replies) {
            sum = sum.plus(totals(calls.await(reply)));
        }
        return sum;
    }

    static UsageTotals totals(Map<String, String> hash) {
        if (hash.isEmpty()) {
            return UsageTotals.ZERO;
        }
        BigDecimal cost = new BigDecimal(hash.getOrDefault("cost_usd", "0"))
                .add(new BigDecimal(hash.getOrDefault("cost_pico", "0")).movePointLeft(12));
        return new UsageTotals(number(hash, "requests"), number(hash, "input_tokens"), number(hash, "output_tokens"),
                number(hash, "total_tokens"), cost, number(hash, "gpu_micros"));
    }

    private static long number(Map<String, String> hash, String field) {
        return Long.parseLong(hash.getOrDefault(field, "0"));
    }
}
