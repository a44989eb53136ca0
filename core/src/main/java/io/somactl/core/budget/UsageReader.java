package io.somactl.core.budget;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageTotals;
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
            sum = sum.plus(RedisUsageCounters.totals(calls.await(reply)));
        }
        return sum;
    }
}
