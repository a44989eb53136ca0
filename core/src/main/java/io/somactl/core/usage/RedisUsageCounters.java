package io.somactl.core.usage;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.somactl.core.SomactlException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Budget counters in Redis, kept exactly once: each tenant's batch is one Lua call that first
 * checks, per Kafka partition, that none of its offsets were counted before (the tenant's
 * {@code ingest:applied} watermarks), then adds the sums and moves the watermarks, atomically.
 *
 * <p>Counters are hashes with fields {@code requests, input_tokens, output_tokens, total_tokens,
 * gpu_micros}, and cost as {@code cost_usd} (whole dollars) plus {@code cost_pico} (0 ≤ pico <
 * 10^12): exact, since HINCRBY is 64-bit integer and Lua only ever sees the carry.
 */
public final class RedisUsageCounters {
    static final BigDecimal PICO = BigDecimal.ONE.movePointRight(12);

    // KEYS[1] the tenant's applied-offsets hash, KEYS[2..n-1] counter hashes, KEYS[n] the tenant's budget window
    // totals (UsageKeys.windowTotals). ARGV: guards count g, then g × (field, first, last); then per counter key:
    // ttl seconds, then requests, input, output, total, gpu_micros, cost_usd, cost_pico, then its scope (t or
    // p:<persona>) and, for an hour counter, its hour since the epoch (-1 for day and month counters).
    private static final String APPLY = """
            local g = tonumber(ARGV[1])
            local a = 2
            for _ = 1, g do
              local done = redis.call('HGET', KEYS[1], ARGV[a])
              if done and tonumber(done) >= tonumber(ARGV[a + 1]) then
                return {0, ARGV[a], done}
              end
              a = a + 3
            end
            local fields = {'requests', 'input_tokens', 'output_tokens', 'total_tokens', 'gpu_micros', 'cost_usd', 'cost_pico'}
            local windows = KEYS[#KEYS]
            local slots = nil
            for k = 2, #KEYS - 1 do
              local ttl = ARGV[a]
              for f = 1, 7 do
                redis.call('HINCRBY', KEYS[k], fields[f], ARGV[a + f])
              end
              if tonumber(redis.call('HGET', KEYS[k], 'cost_pico')) >= 1000000000000 then
                redis.call('HINCRBY', KEYS[k], 'cost_pico', '-1000000000000')
                redis.call('HINCRBY', KEYS[k], 'cost_usd', 1)
              end
              redis.call('EXPIRE', KEYS[k], ttl)
              local hour = tonumber(ARGV[a + 9])
              if hour >= 0 then
                -- an hour counter: add it to the budget window totals of its scope whose hours contain it
                if slots == nil then slots = redis.call('HGETALL', windows) end
                local scope = ARGV[a + 8] .. '|'
                for i = 1, #slots, 2 do
                  if string.sub(slots[i], 1, #scope) == scope then
                    local v = {}
                    for p in string.gmatch(slots[i + 1], '[^,]+') do v[#v + 1] = tonumber(p) end
                    if v[1] <= hour and hour < v[2] then
                      for f = 1, 7 do v[f + 2] = v[f + 2] + tonumber(ARGV[a + f]) end
                      if v[9] >= 1000000000000 then
                        v[9] = v[9] - 1000000000000
                        v[8] = v[8] + 1
                      end
                      local out = {}
                      for f = 1, 9 do out[f] = string.format('%.0f', v[f]) end
                      slots[i + 1] = table.concat(out, ',')
                      redis.call('HSET', windows, slots[i], slots[i + 1])
                    end
                  end
                end
              end
              a = a + 10
            end
            a = 2
            for _ = 1, g do
              redis.call('HSET', KEYS[1], ARGV[a], ARGV[a + 2])
              a = a + 3
            end
            return {1}
            """;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final UsageKeys keys;
    private final Duration timeout;
    private volatile String applySha;

    public RedisUsageCounters(RedisClusterAsyncCommands<String, String> redis, UsageKeys keys, Duration timeout) {
        this.redis = redis;
        this.keys = keys;
        this.timeout = timeout;
    }

    public UsageKeys keys() {
        return keys;
    }

    /** Applies every tenant's batch (pipelined); throws {@link WatermarkConflictException} for the first refused. */
    public void apply(List<TenantUsageBatch> batches) {
        apply(batches, false);
    }

    /**
     * Like {@link #apply(List)}, and reads the ingest marker just before and just after (in the same
     * pipeline): throws {@link RedisStateLostException} if either read does not find it complete,
     * since what was applied may then have landed in a Redis that lost the rest.
     */
    public void applyChecked(List<TenantUsageBatch> batches) {
        apply(batches, true);
    }

    private void apply(List<TenantUsageBatch> batches, boolean checkMarker) {
        try {
            applyOnce(batches, checkMarker);
        } catch (SomactlException e) {
            if (!(e.getCause() instanceof io.lettuce.core.RedisNoScriptException)) {
                throw e;
            }
            applySha = null; // Redis restarted and forgot the script: load it again
            applyOnce(batches, checkMarker);
        }
    }

    private void applyOnce(List<TenantUsageBatch> batches, boolean checkMarker) {
        String sha = applySha();
        RedisFuture<String> markerBefore = checkMarker ? redis.get(keys.ingestMarker()) : null;
        List<RedisFuture<List<Object>>> replies = new ArrayList<>();
        List<TenantUsageBatch> sent = new ArrayList<>();
        for (TenantUsageBatch batch : batches) {
            if (!batch.isEmpty()) {
                replies.add(redis.evalsha(sha, ScriptOutputType.MULTI, keysOf(batch), argumentsOf(batch)));
                sent.add(batch);
            }
        }
        RedisFuture<String> markerAfter = checkMarker ? redis.get(keys.ingestMarker()) : null;
        WatermarkConflictException conflict = null;
        for (int i = 0; i < replies.size(); i++) {
            List<Object> reply = await(replies.get(i));
            if (((Long) reply.get(0)) == 0L && conflict == null) {
                conflict = new WatermarkConflictException(
                        sent.get(i).tenant(), (String) reply.get(1), (String) reply.get(2));
            }
        }
        if (checkMarker) {
            String before = await(markerBefore);
            String after = await(markerAfter);
            if (!complete(before) || !complete(after)) {
                String seen = complete(before) ? after : before;
                throw new RedisStateLostException(
                        seen == null
                                ? "Redis lost the usage counters (its key " + keys.ingestMarker()
                                        + " is gone: flushed, or restarted without its data)"
                                : "the usage counters are being rebuilt from ClickHouse (" + keys.ingestMarker() + " = "
                                        + seen + ")");
            }
        }
        if (conflict != null) {
            throw conflict;
        }
    }

    private static boolean complete(String marker) {
        return marker != null && marker.startsWith("ok:");
    }

    /** True when the ingest marker says the counters under this prefix are complete. */
    public boolean marked() {
        return complete(await(redis.get(keys.ingestMarker())));
    }

    /**
     * Claims the rebuild of lost counters for {@code claimant}: sets the marker to {@code
     * pending:claimant} unless it is set, or finds it already so (the claimant's earlier attempt
     * failed). True to go ahead; false when the marker is already complete (another worker rebuilt
     * them); throws while another worker's claim holds (it expires after {@code claimFor}).
     */
    public boolean claimRebuild(String claimant, Duration claimFor) {
        String set = await(redis.set(
                keys.ingestMarker(),
                "pending:" + claimant,
                io.lettuce.core.SetArgs.Builder.nx().px(claimFor.toMillis())));
        if ("OK".equals(set)) {
            return true;
        }
        String current = await(redis.get(keys.ingestMarker()));
        if (complete(current)) {
            return false;
        }
        if (("pending:" + claimant).equals(current)) {
            return true;
        }
        throw new SomactlException("another worker is rebuilding the usage counters from ClickHouse ("
                + keys.ingestMarker() + " = " + current + "); waiting for it");
    }

    private static final String COMPLETE_CLAIM = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """;

    /** Marks the counters under this prefix complete (after a rebuild of every tenant with ingest stopped). */
    public void markComplete() {
        await(redis.set(keys.ingestMarker(), "ok:rebuilt:" + java.time.Instant.now()));
    }

    /** Marks the counters complete if this claim still holds; false when Redis lost it (or it expired) meanwhile. */
    public boolean completeRebuild(String claimant) {
        Long done = await(redis.eval(
                COMPLETE_CLAIM,
                ScriptOutputType.INTEGER,
                new String[] {keys.ingestMarker()},
                "pending:" + claimant,
                "ok:" + claimant + ":" + java.time.Instant.now()));
        return done != null && done == 1L;
    }

    // KEYS[1] the tenant's applied-offsets hash, KEYS[2..n-1] counter hashes, KEYS[n] the budget window totals
    // (deleted: budget checks build them again from the new counters). ARGV: watermark count w, guarded (1/0), then w ×
    // (field, offset); then per counter key: ttl and the 7 values.
    // Guarded: refuses (returns 0) if a watermark in Redis is past the new one, i.e. something was counted since the
    // snapshot.
    private static final String REPLACE = """
            local w = tonumber(ARGV[1])
            if ARGV[2] == '1' then
              local current = redis.call('HGETALL', KEYS[1])
              for i = 1, #current, 2 do
                local mark = nil
                local b = 3
                for _ = 1, w do
                  if ARGV[b] == current[i] then mark = tonumber(ARGV[b + 1]) end
                  b = b + 2
                end
                if mark == nil or mark < tonumber(current[i + 1]) then
                  return 0
                end
              end
            end
            redis.call('DEL', KEYS[1])
            local a = 3
            for _ = 1, w do
              redis.call('HSET', KEYS[1], ARGV[a], ARGV[a + 1])
              a = a + 2
            end
            local fields = {'requests', 'input_tokens', 'output_tokens', 'total_tokens', 'gpu_micros', 'cost_usd', 'cost_pico'}
            redis.call('DEL', KEYS[#KEYS])
            for k = 2, #KEYS - 1 do
              redis.call('DEL', KEYS[k])
              for f = 1, 7 do
                redis.call('HSET', KEYS[k], fields[f], ARGV[a + f])
              end
              redis.call('EXPIRE', KEYS[k], ARGV[a])
              a = a + 8
            end
            return 1
            """;

    /** Sets a tenant's counters and watermarks to exactly these values, atomically. */
    public void replace(String tenant, Map<String, UsageTotals> sums, Map<String, Long> watermarks) {
        replace(tenant, sums, watermarks, false);
    }

    /**
     * Sets a tenant's counters and watermarks to exactly these values, atomically; when {@code
     * guarded}, only if no watermark in Redis is past the new ones (nothing was counted since they
     * were read), and returns false otherwise.
     */
    public boolean replace(
            String tenant, Map<String, UsageTotals> sums, Map<String, Long> watermarks, boolean guarded) {
        List<String> keyList = new ArrayList<>();
        keyList.add(keys.appliedOffsets(tenant));
        keyList.addAll(sums.keySet());
        keyList.add(keys.windowTotals(tenant));
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(watermarks.size()));
        args.add(guarded ? "1" : "0");
        watermarks.forEach((field, offset) -> {
            args.add(field);
            args.add(String.valueOf(offset));
        });
        sums.forEach((key, totals) -> addCounterArguments(args, key, totals));
        Long done = await(redis.eval(
                REPLACE, ScriptOutputType.INTEGER, keyList.toArray(String[]::new), args.toArray(String[]::new)));
        return done != null && done == 1L;
    }

    /** Notes tenants whose counters must be recounted from ClickHouse (a replay is about to add their rows). */
    public void markForRecount(java.util.Collection<String> tenants) {
        if (!tenants.isEmpty()) {
            await(redis.sadd(keys.replayRecount(), tenants.toArray(String[]::new)));
        }
    }

    /** The tenants still {@link #markForRecount marked for a recount}. */
    public java.util.Set<String> markedForRecount() {
        return new java.util.TreeSet<>(await(redis.smembers(keys.replayRecount())));
    }

    /** Clears the mark of tenants now recounted. */
    public void recounted(java.util.Collection<String> tenants) {
        if (!tenants.isEmpty()) {
            await(redis.srem(keys.replayRecount(), tenants.toArray(String[]::new)));
        }
    }

    /** The tenant's watermarks: for each {@code topic:partition}, the last offset counted. */
    public Map<String, Long> appliedOffsets(String tenant) {
        Map<String, Long> applied = new HashMap<>();
        await(redis.hgetall(keys.appliedOffsets(tenant)))
                .forEach((field, value) -> applied.put(field, Long.parseLong(value)));
        return applied;
    }

    /** One counter hash read back as totals (zero when absent). */
    public UsageTotals read(String key) {
        return totals(await(redis.hgetall(key)));
    }

    /** A counter hash as ingest writes it, read back as totals (zero when the hash is empty). */
    public static UsageTotals totals(Map<String, String> hash) {
        if (hash.isEmpty()) {
            return UsageTotals.ZERO;
        }
        BigDecimal cost = new BigDecimal(hash.getOrDefault("cost_usd", "0"))
                .add(new BigDecimal(hash.getOrDefault("cost_pico", "0")).movePointLeft(12));
        return new UsageTotals(
                number(hash, "requests"),
                number(hash, "input_tokens"),
                number(hash, "output_tokens"),
                number(hash, "total_tokens"),
                cost,
                number(hash, "gpu_micros"));
    }

    private static long number(Map<String, String> hash, String field) {
        return Long.parseLong(hash.getOrDefault(field, "0"));
    }

    private String[] keysOf(TenantUsageBatch batch) {
        List<String> list = new ArrayList<>();
        list.add(keys.appliedOffsets(batch.tenant()));
        list.addAll(batch.sums().keySet());
        list.add(keys.windowTotals(batch.tenant()));
        return list.toArray(String[]::new);
    }

    private static String[] argumentsOf(TenantUsageBatch batch) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(batch.offsetRanges().size()));
        batch.offsetRanges().forEach((field, range) -> {
            args.add(field);
            args.add(String.valueOf(range[0]));
            args.add(String.valueOf(range[1]));
        });
        batch.sums().forEach((key, totals) -> {
            addCounterArguments(args, key, totals);
            args.addAll(scopeAndHour(key));
        });
        return args.toArray(String[]::new);
    }

    private static void addCounterArguments(List<String> args, String key, UsageTotals totals) {
        args.add(String.valueOf(ttlSeconds(key)));
        args.add(String.valueOf(totals.requests()));
        args.add(String.valueOf(totals.inputTokens()));
        args.add(String.valueOf(totals.outputTokens()));
        args.add(String.valueOf(totals.totalTokens()));
        args.add(String.valueOf(totals.gpuMicros()));
        BigInteger[] dollarsAndPico = splitCost(totals.costUsd());
        args.add(dollarsAndPico[0].toString());
        args.add(dollarsAndPico[1].toString());
    }

    /**
     * A counter key's scope in the budget window totals ({@code t} or {@code p:<persona>}) and, for an hour
     * counter, its hour since the epoch ({@code -1} for day and month counters); see {@link UsageKeys}.
     */
    static List<String> scopeAndHour(String key) {
        String[] parts = key.substring(key.indexOf('}') + 1).split(":");
        // "", usage, tenant, <window>, <bucket>   or   "", usage, persona, <persona>, <window>, <bucket>
        String scope = parts[2].equals("tenant") ? "t" : "p:" + parts[3];
        String window = parts[parts.length - 2];
        long hour = window.equals(UsageWindow.HOUR.code())
                ? java.time.LocalDateTime.parse(parts[parts.length - 1] + ":00").toEpochSecond(java.time.ZoneOffset.UTC)
                        / 3600
                : -1;
        return List.of(scope, String.valueOf(hour));
    }

    /** Whole dollars and the pico-dollar remainder of a non-negative amount with at most 12 decimals. */
    static BigInteger[] splitCost(BigDecimal cost) {
        BigInteger pico = cost.multiply(PICO).toBigIntegerExact();
        return pico.divideAndRemainder(PICO.toBigIntegerExact());
    }

    /** Hours are kept 40 days (for rolling windows), days 400 days, months 800 days. */
    static long ttlSeconds(String key) {
        int colon = key.lastIndexOf(':');
        String window = key.substring(key.lastIndexOf(':', colon - 1) + 1, colon);
        return switch (window) {
            case "h" -> Duration.ofDays(40).toSeconds();
            case "d" -> Duration.ofDays(400).toSeconds();
            default -> Duration.ofDays(800).toSeconds();
        };
    }

    private String applySha() {
        if (applySha == null) {
            applySha = await(redis.scriptLoad(APPLY));
        }
        return applySha;
    }

    private <T> T await(RedisFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new SomactlException(
                    "Redis refused a usage update: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new io.somactl.core.ServerUnreachableException("Redis", "(usage counters)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted while waiting for Redis", e);
        }
    }
}
