package io.somactl.core.budget;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Measures a tenant's budgets and reserves a request, atomically, in one Lua script: drop expired
 * reservations (taking them out of the running sums), read each window's usage totals (one field per
 * window, built from the counters when the window starts and kept by ingest since: {@link
 * io.somactl.core.usage.UsageKeys#windowTotals}), add live reservations and the request, compare with
 * each limit, and, unless a budget refuses, record the request as a reservation. A decision costs a
 * fixed number of Redis commands (about 18) whatever its windows; each expired reservation is dropped
 * once, by whichever call comes after it. Two checks never interleave, so concurrent checks cannot together pass
 * a hard limit: usage plus live reservations never exceeds it.
 *
 * <p>Amounts travel as (high, low) pairs in base 10^12 (whole dollars and pico-dollars for cost),
 * because Lua numbers are doubles: every number the script handles stays below 2^53.
 */
public final class RedisBudgetCheck {
    static final BigInteger BASE = BigInteger.TEN.pow(12);

    // What both scripts share. KEYS[1] is the reservations zset (reservation id -> expiry ms), KEYS[2] the
    // reservations hash: r:<id> -> the reservation (id|persona|input|output|total|cost_usd|cost_pico|gpu_micros),
    // and the live ones summed per scope, t and p:<persona> -> input,output,total,cost_usd,cost_pico,gpu_micros.
    // A call reads each sum it needs once and writes every change back in one HSET.
    private static final String SUMS = """
            local E = 1000000000000
            local function num(v)
              if v then return tonumber(v) end
              return 0
            end
            local function fmt(n)
              return string.format('%.0f', n)
            end
            -- a stored list of n numbers in one pattern match (9: window totals, 6: reservation sums); anything else
            -- (never written today) is read item by item, as before
            local F9 = '^([^,]*)' .. string.rep(',([^,]*)', 8) .. '$'
            local F6 = '^([^,]*)' .. string.rep(',([^,]*)', 5) .. '$'
            local function list(s, n)
              local t
              if s then
                t = {string.match(s, n == 9 and F9 or F6)}
                if #t == n then
                  for i = 1, n do t[i] = tonumber(t[i]) end
                  return t
                end
                t = {}
                for p in string.gmatch(s, '[^,]+') do t[#t + 1] = tonumber(p) end
              else
                t = {}
              end
              for i = #t + 1, n do t[i] = 0 end
              return t
            end
            local function join(t)
              if #t == 6 then
                return string.format('%.0f,%.0f,%.0f,%.0f,%.0f,%.0f', t[1], t[2], t[3], t[4], t[5], t[6])
              end
              local out = {}
              for i = 1, #t do out[i] = fmt(t[i]) end
              return table.concat(out, ',')
            end
            local function norm(hi, lo)
              local c = math.floor(lo / E)
              return hi + c, lo - c * E
            end
            local M8 = '^([^|]*)' .. string.rep('|([^|]*)', 7) .. '$'
            local function split(member)
              local parts = {string.match(member, M8)}
              if #parts == 8 then return parts end
              parts = {}
              for p in string.gmatch(member .. '|', '([^|]*)|') do
                parts[#parts + 1] = p
              end
              return parts
            end
            local sums, dirty, writes = {}, {}, {}
            local function sum(field)
              local v = sums[field]
              if v == nil then
                v = list(redis.call('HGET', KEYS[2], field), 6)
                sums[field] = v
              end
              return v
            end
            local function add(field, parts, sign)
              local v = sum(field)
              for i = 1, 6 do v[i] = v[i] + sign * tonumber(parts[i + 2]) end
              v[4], v[5] = norm(v[4], v[5])
              dirty[field] = true
            end
            local function hold(parts, sign)
              add('t', parts, sign)
              if parts[2] ~= '' then add('p:' .. parts[2], parts, sign) end
            end
            local function flush()
              for field in pairs(dirty) do
                writes[#writes + 1] = field
                writes[#writes + 1] = join(sums[field])
              end
              if #writes > 0 then redis.call('HSET', KEYS[2], unpack(writes)) end
            end
            """;

    // KEYS[3] tenant override, KEYS[4] persona override, KEYS[5] the tenant's window totals hash, KEYS[6] the
    // tenant's definitions hash, KEYS[7..] usage counters, only when the window totals are to be (re)built.
    // ARGV[1] now ms, ARGV[2] expiry ms of this request's reservation (0: measure only), ARGV[3] the reservation
    // (id|persona|amounts), ARGV[4] persona ('' for none), ARGV[5] the definitions' version the caller used ('*':
    // do not compare), ARGV[6] window count w; per window: its field in KEYS[5],
    // first hour, end hour (hours since the epoch), counter count k (0: use the totals as stored), k indexes into
    // KEYS; then the budget count; per budget: window number, scope t|p, field, refuses 0|1, limit hi, limit lo,
    // request hi, request lo.
    // Returns {-2} when the definitions' version is not the caller's (nothing changed: read them again), {-1} when a
    // window's totals are missing or for another span and no counters were given (nothing
    // changed: call again with them); else {reserved 0|1, tenant override 0|1, persona override 0|1, then per
    // budget: used hi, used lo, reserved hi, reserved lo}.
    static final String SCRIPT = SUMS + """
            local now = tonumber(ARGV[1])
            if ARGV[5] ~= '*' and (redis.call('HGET', KEYS[6], 'version') or '') ~= ARGV[5] then
              return {-2}
            end
            local cf = {'requests', 'input_tokens', 'output_tokens', 'total_tokens', 'gpu_micros', 'cost_usd', 'cost_pico'}
            local a = 7
            local slots, ids = {}, {}
            for i = 1, tonumber(ARGV[6]) do
              local k = tonumber(ARGV[a + 3])
              slots[i] = {ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), k, a + 4}
              ids[i] = ARGV[a]
              a = a + 4 + k
            end
            local stored = redis.call('HMGET', KEYS[5], unpack(ids))
            local totals = {}
            for i, slot in ipairs(slots) do
              local v = list(stored[i], 9)
              if stored[i] and v[1] == slot[2] and v[2] == slot[3] then
                totals[i] = v
              elseif slot[4] > 0 then
                v = {slot[2], slot[3], 0, 0, 0, 0, 0, 0, 0}
                for j = 0, slot[4] - 1 do
                  local h = redis.call('HMGET', KEYS[tonumber(ARGV[slot[5] + j])], unpack(cf))
                  for f = 1, 7 do v[f + 2] = v[f + 2] + num(h[f]) end
                end
                v[8], v[9] = norm(v[8], v[9])
                redis.call('HSET', KEYS[5], slot[1], join(v))
                -- kept while the tenant is checked (at least daily), gone 40 days after its last check
                redis.call('EXPIRE', KEYS[5], 3456000)
                totals[i] = v
              else
                return {-1}
              end
            end
            local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 1000)
            if #expired > 0 then
              local fields = {}
              for i, id in ipairs(expired) do fields[i] = 'r:' .. id end
              local held = redis.call('HMGET', KEYS[2], unpack(fields))
              for i = 1, #expired do
                if held[i] then hold(split(held[i]), -1) end
              end
              redis.call('HDEL', KEYS[2], unpack(fields))
              redis.call('ZREM', KEYS[1], unpack(expired))
            end
            local persona = ARGV[4]
            local tenant_lift = redis.call('EXISTS', KEYS[3]) == 1
            local persona_lift = persona ~= '' and redis.call('EXISTS', KEYS[4]) == 1
            local used_at = {input_tokens = 4, output_tokens = 5, total_tokens = 6, gpu_micros = 7}
            local held_at = {input_tokens = 1, output_tokens = 2, total_tokens = 3, gpu_micros = 6}
            local result = {0, tenant_lift and 1 or 0, persona_lift and 1 or 0}
            local refused = false
            local budgets = tonumber(ARGV[a])
            a = a + 1
            for _ = 1, budgets do
              local w, scope, field, refuses = totals[tonumber(ARGV[a])], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
              local lh, ll = tonumber(ARGV[a + 4]), tonumber(ARGV[a + 5])
              local qh, ql = tonumber(ARGV[a + 6]), tonumber(ARGV[a + 7])
              local r = sum(scope == 'p' and 'p:' .. persona or 't')
              local uh, ul, rh, rl
              if field == 'cost' then
                uh, ul, rh, rl = w[8], w[9], r[4], r[5]
              else
                uh, ul = norm(0, w[used_at[field]])
                rh, rl = norm(0, r[held_at[field]])
              end
              local ah, al = norm(uh + rh + qh, ul + rl + ql)
              local over = ah > lh or (ah == lh and al > ll)
              local lifted = tenant_lift or (scope == 'p' and persona_lift)
              if over and refuses == '1' and not lifted then refused = true end
              result[#result + 1] = uh
              result[#result + 1] = ul
              result[#result + 1] = rh
              result[#result + 1] = rl
              a = a + 8
            end
            local expiry = tonumber(ARGV[2])
            if not refused and expiry > 0 then
              local p = split(ARGV[3])
              redis.call('ZADD', KEYS[1], expiry, p[1])
              writes[1], writes[2] = 'r:' .. p[1], ARGV[3]
              hold(p, 1)
              result[1] = 1
            end
            flush()
            if result[1] == 1 then
              -- keep both keys at least a minute past the last reservation (relative: the caller's clock may differ
              -- from Redis's); when extending, add another minute, so a busy tenant's keys are extended once a minute
              -- rather than at every check
              local keep = expiry - now + 60000
              for i = 1, 2 do
                local ttl = redis.call('PTTL', KEYS[i])
                if ttl < keep then redis.call('PEXPIRE', KEYS[i], keep + 60000) end
              end
            end
            return result
            """;

    // KEYS[1] reservations zset, KEYS[2] reservations hash; ARGV[1] reservation id.
    // Returns 1 if the reservation was there (live or expired but not yet cleared) and is now released, else 0.
    static final String RELEASE_SCRIPT = SUMS + """
            local held = redis.call('HGET', KEYS[2], 'r:' .. ARGV[1])
            if not held then return 0 end
            hold(split(held), -1)
            flush()
            redis.call('HDEL', KEYS[2], 'r:' .. ARGV[1])
            redis.call('ZREM', KEYS[1], ARGV[1])
            return 1
            """;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final BudgetKeys keys;
    private final RedisCalls calls;
    private final String sha;
    private final String releaseSha;

    public RedisBudgetCheck(
            RedisClusterAsyncCommands<String, String> redis,
            BudgetKeys keys,
            java.time.Duration timeout,
            String address) {
        this.redis = redis;
        this.keys = keys;
        this.calls = new RedisCalls(timeout, address);
        this.sha = redis.digest(SCRIPT);
        this.releaseSha = redis.digest(RELEASE_SCRIPT);
    }

    /** What one script run saw and did. */
    public record Measurement(
            List<BudgetUsage> budgets, boolean reserved, boolean tenantOverride, boolean personaOverride) {}

    /**
     * Measures the tenant's budgets (and the request's persona's) with the request added; reserves the
     * request until {@code reserveUntil} unless a budget refuses it ({@code reserveUntil} null: measure only).
     */
    public Measurement measure(
            TenantBudgets budgets, BudgetRequest request, Instant now, Instant reserveUntil, String reservationId) {
        return measure(budgets, "*", request, now, reserveUntil, reservationId);
    }

    /**
     * Like {@link #measure(TenantBudgets, BudgetRequest, Instant, Instant, String)} with definitions a
     * caller kept: null (and nothing done) when the tenant's definitions are no longer of {@code version}.
     */
    public Measurement measure(
            TenantBudgets budgets,
            String version,
            BudgetRequest request,
            Instant now,
            Instant reserveUntil,
            String reservationId) {
        return calls.await(measureAsync(budgets, version, request, now, reserveUntil, reservationId));
    }

    /**
     * {@link #measure(TenantBudgets, String, BudgetRequest, Instant, Instant, String)} without waiting: the
     * stage completes on Lettuce's I/O thread with the measurement (null: the definitions changed), so a
     * caller can keep many checks in flight on one connection. Failures are somactl's exceptions, as the
     * waiting call throws them. Whatever is chained to it must not wait for Redis on that thread.
     */
    public CompletableFuture<Measurement> measureAsync(
            TenantBudgets budgets,
            String version,
            BudgetRequest request,
            Instant now,
            Instant reserveUntil,
            String reservationId) {
        String tenant = budgets.tenant();
        String persona = request.persona();
        String[] keyArray = {
            keys.reservations(tenant),
            keys.reserved(tenant),
            keys.override(tenant, null),
            keys.override(tenant, persona == null ? "" : persona),
            keys.windowTotals(tenant),
            keys.tenantLimits(tenant)
        };
        List<Scoped> scoped = new ArrayList<>();
        budgets.tenantLimits().forEach(l -> scoped.add(new Scoped(null, l)));
        if (persona != null) {
            budgets.limits(persona).forEach(l -> scoped.add(new Scoped(persona, l)));
        }
        Map<String, Slot> slots = new LinkedHashMap<>();
        List<BudgetWindow> windows = new ArrayList<>();
        List<String> budgetArgs = new ArrayList<>();
        budgetArgs.add(String.valueOf(scoped.size()));
        for (Scoped budget : scoped) {
            BudgetLimit limit = budget.limit();
            BudgetWindow window = BudgetWindow.current(limit.period(), limit.window(), budgets.timeZone(), now);
            windows.add(window);
            String id = slotId(budget.persona(), limit, budgets.timeZone());
            Slot slot = slots.computeIfAbsent(id, i -> new Slot(i, slots.size() + 1, window));
            budgetArgs.add(String.valueOf(slot.number()));
            budgetArgs.add(budget.persona() == null ? "t" : "p");
            budgetArgs.add(limit.metric().counterField());
            budgetArgs.add(limit.action().refuses() ? "1" : "0");
            addPair(budgetArgs, limit.limitUnits());
            addPair(budgetArgs, request.units(limit.metric()));
        }
        List<String> head = List.of(
                String.valueOf(now.toEpochMilli()),
                reserveUntil == null ? "0" : String.valueOf(reserveUntil.toEpochMilli()),
                member(reservationId, request),
                persona == null ? "" : persona,
                version);
        CompletableFuture<List<Object>> first = run(keyArray, arguments(head, slots.values(), budgetArgs, null));
        CompletableFuture<Measurement> measured = first.thenCompose(reply -> {
                    if ((Long) reply.get(0) != -1L) {
                        return CompletableFuture.completedFuture(reply);
                    }
                    // A window's totals are not kept yet (or are for the window before): build them from the counters.
                    List<String> keyList = new ArrayList<>(List.of(keyArray));
                    return run(
                            keyArray(keyList, slots.values(), tenant),
                            arguments(head, slots.values(), budgetArgs, keyList));
                })
                .thenApply(reply ->
                        (Long) reply.get(0) == -2L ? null : measurement(reply, tenant, scoped, windows, request));
        return measured.exceptionallyCompose(e -> CompletableFuture.failedFuture(calls.failure(e)));
    }

    private static Measurement measurement(
            List<Object> reply, String tenant, List<Scoped> scoped, List<BudgetWindow> windows, BudgetRequest request) {
        boolean tenantLift = (Long) reply.get(1) == 1L;
        boolean personaLift = (Long) reply.get(2) == 1L;
        List<BudgetUsage> measured = new ArrayList<>();
        for (int i = 0; i < scoped.size(); i++) {
            Scoped budget = scoped.get(i);
            int at = 3 + 4 * i;
            BigInteger used = pair(reply.get(at), reply.get(at + 1));
            BigInteger reserved = pair(reply.get(at + 2), reply.get(at + 3));
            boolean lifted = tenantLift || budget.persona() != null && personaLift;
            measured.add(new BudgetUsage(
                    tenant,
                    budget.persona(),
                    budget.limit(),
                    windows.get(i),
                    used,
                    reserved,
                    request.units(budget.limit().metric()),
                    lifted));
        }
        return new Measurement(measured, (Long) reply.get(0) == 1L, tenantLift, personaLift);
    }

    /**
     * Where a budget's window totals are kept in the tenant's {@link BudgetKeys#windowTotals} hash: one field
     * per scope, period and window kind (and time zone for calendar windows), so budgets that share a window
     * share its totals.
     */
    static String slotId(String persona, BudgetLimit limit, java.time.ZoneId zone) {
        return (persona == null ? "t" : "p:" + persona) + "|" + limit.period().cliName() + "|"
                + limit.window().cliName() + "|" + (limit.window() == WindowKind.CALENDAR ? zone.getId() : "");
    }

    private String[] keyArray(List<String> keyList, java.util.Collection<Slot> slots, String tenant) {
        for (Slot slot : slots) {
            List<Integer> indexes = new ArrayList<>();
            for (Bucket bucket :
                    BudgetWindow.tile(slot.window().start(), slot.window().end(), false)) {
                keyList.add(keys.counter(tenant, slot.persona(), bucket));
                indexes.add(keyList.size());
            }
            slot.counterIndexes().addAll(indexes);
        }
        return keyList.toArray(String[]::new);
    }

    private static String[] arguments(
            List<String> head, java.util.Collection<Slot> slots, List<String> budgetArgs, List<String> withCounters) {
        List<String> args = new ArrayList<>(head);
        args.add(String.valueOf(slots.size()));
        for (Slot slot : slots) {
            args.add(slot.id());
            args.add(String.valueOf(slot.window().start().getEpochSecond() / 3600));
            args.add(String.valueOf(slot.window().end().getEpochSecond() / 3600));
            if (withCounters == null) {
                args.add("0");
            } else {
                args.add(String.valueOf(slot.counterIndexes().size()));
                slot.counterIndexes().forEach(i -> args.add(String.valueOf(i)));
            }
        }
        args.addAll(budgetArgs);
        return args.toArray(String[]::new);
    }

    private record Slot(String id, int number, BudgetWindow window, List<Integer> counterIndexes) {
        Slot(String id, int number, BudgetWindow window) {
            this(id, number, window, new ArrayList<>());
        }

        String persona() {
            return id.startsWith("p:") ? id.substring(2, id.indexOf('|')) : null;
        }
    }

    @SuppressWarnings("unchecked")
    /**
     * Releases a reservation a check made, before its time runs out: its amounts leave the running
     * sums at once. False if there is no such reservation (never made, already released, or expired
     * and cleared by a later check).
     */
    public boolean release(String tenant, String reservationId) {
        String[] keyArray = {keys.reservations(tenant), keys.reserved(tenant)};
        String[] argArray = {reservationId};
        Long released;
        try {
            released = (Long) calls.await(redis.evalsha(releaseSha, ScriptOutputType.INTEGER, keyArray, argArray));
        } catch (RedisNoScriptException notLoaded) {
            released = (Long) calls.await(redis.eval(RELEASE_SCRIPT, ScriptOutputType.INTEGER, keyArray, argArray));
        }
        return released == 1L;
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<List<Object>> run(String[] keyArray, String[] argArray) {
        CompletableFuture<List<Object>> reply = redis.<List<Object>>evalsha(
                        sha, ScriptOutputType.MULTI, keyArray, argArray)
                .toCompletableFuture();
        return reply.exceptionallyCompose(e -> {
            Throwable cause =
                    e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException) {
                // First use on this server (or cluster node), or Redis restarted: EVAL runs it and caches it there.
                return redis.<List<Object>>eval(SCRIPT, ScriptOutputType.MULTI, keyArray, argArray)
                        .toCompletableFuture();
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    static String member(String id, BudgetRequest request) {
        BigInteger[] cost = request.units(Metric.COST_USD).divideAndRemainder(BASE);
        return String.join(
                "|",
                id == null ? "-" : id,
                request.persona() == null ? "" : request.persona(),
                request.units(Metric.INPUT_TOKENS).toString(),
                request.units(Metric.OUTPUT_TOKENS).toString(),
                request.units(Metric.TOTAL_TOKENS).toString(),
                cost[0].toString(),
                cost[1].toString(),
                request.units(Metric.GPU_HOURS).toString());
    }

    private static void addPair(List<String> args, BigInteger units) {
        BigInteger[] split = units.divideAndRemainder(BASE);
        args.add(split[0].toString());
        args.add(split[1].toString());
    }

    private static BigInteger pair(Object hi, Object lo) {
        return BigInteger.valueOf((Long) hi).multiply(BASE).add(BigInteger.valueOf((Long) lo));
    }

    private record Scoped(String persona, BudgetLimit limit) {}
}
