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

/**
 * Measures a tenant's budgets and reserves a request, atomically, in one Lua script: drop expired
 * reservations (taking them out of the running sums), read the window counters, add live
 * reservations and the request, compare with each limit, and, unless a budget refuses, record the
 * request as a reservation. Two checks never interleave, so concurrent checks cannot together pass
 * a hard limit: usage plus live reservations never exceeds it.
 *
 * <p>Amounts travel as (high, low) pairs in base 10^12 (whole dollars and pico-dollars for cost),
 * because Lua numbers are doubles: every number the script handles stays below 2^53.
 */
public final class RedisBudgetCheck {
    static final BigInteger BASE = BigInteger.TEN.pow(12);

    // KEYS[1] reservations zset (member -> expiry ms), KEYS[2] reservation sums hash, KEYS[3] tenant override,
    // KEYS[4] persona override, KEYS[5..] usage counter hashes.
    // ARGV[1] now ms, ARGV[2] expiry ms of this request's reservation (0: measure only), ARGV[3] the reservation
    // member id|persona|input|output|total|cost_usd|cost_pico|gpu_micros, ARGV[4] persona ('' for none),
    // ARGV[5] budget count; per budget: scope t|p, field, refuses 0|1, limit hi, limit lo, request hi, request lo,
    // key count k, k indexes into KEYS.
    // Returns {reserved 0|1, tenant override 0|1, persona override 0|1, then per budget: used hi, used lo, reserved hi, reserved lo}.
    // What both scripts share: a reservation member's parts, and adding them to (or taking them out of)
    // the running sums in KEYS[2].
    private static final String SUMS = """
            local E = 1000000000000
            local function num(v)
              if v then return tonumber(v) end
              return 0
            end
            local function split(member)
              local parts = {}
              for p in string.gmatch(member .. '|', '([^|]*)|') do
                parts[#parts + 1] = p
              end
              return parts
            end
            local names = {'input_tokens', 'output_tokens', 'total_tokens', 'cost_usd', 'cost_pico', 'gpu_micros'}
            local function add(prefix, parts, negate)
              for i = 1, 6 do
                local v = parts[i + 2]
                if v ~= '0' then
                  if negate then v = '-' .. v end
                  redis.call('HINCRBY', KEYS[2], prefix .. names[i], v)
                end
              end
              local pico = num(redis.call('HGET', KEYS[2], prefix .. 'cost_pico'))
              if pico >= E then
                redis.call('HINCRBY', KEYS[2], prefix .. 'cost_pico', '-1000000000000')
                redis.call('HINCRBY', KEYS[2], prefix .. 'cost_usd', '1')
              elseif pico < 0 then
                redis.call('HINCRBY', KEYS[2], prefix .. 'cost_pico', '1000000000000')
                redis.call('HINCRBY', KEYS[2], prefix .. 'cost_usd', '-1')
              end
            end
            local function release(member)
              local p = split(member)
              add('t:', p, true)
              if p[2] ~= '' then add('p:' .. p[2] .. ':', p, true) end
              redis.call('ZREM', KEYS[1], member)
            end
            """;

    static final String SCRIPT = SUMS + """
            local function norm(hi, lo)
              local c = math.floor(lo / E)
              return hi + c, lo - c * E
            end
            local now = tonumber(ARGV[1])
            local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 1000)
            for _, m in ipairs(expired) do
              release(m)
            end
            local persona = ARGV[4]
            local tenant_lift = redis.call('EXISTS', KEYS[3]) == 1
            local persona_lift = persona ~= '' and redis.call('EXISTS', KEYS[4]) == 1
            local cache = {}
            local function usage(key, field)
              local id = field .. ' ' .. key
              local v = cache[id]
              if v == nil then
                if field == 'cost' then
                  local h = redis.call('HMGET', key, 'cost_usd', 'cost_pico')
                  v = {num(h[1]), num(h[2])}
                else
                  local hi, lo = norm(0, num(redis.call('HGET', key, field)))
                  v = {hi, lo}
                end
                cache[id] = v
              end
              return v
            end
            local function reserved(prefix, field)
              if field == 'cost' then
                local h = redis.call('HMGET', KEYS[2], prefix .. 'cost_usd', prefix .. 'cost_pico')
                return num(h[1]), num(h[2])
              end
              return norm(0, num(redis.call('HGET', KEYS[2], prefix .. field)))
            end
            local result = {0, tenant_lift and 1 or 0, persona_lift and 1 or 0}
            local refused = false
            local a = 6
            for _ = 1, tonumber(ARGV[5]) do
              local scope, field, refuses = ARGV[a], ARGV[a + 1], ARGV[a + 2]
              local lh, ll = tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
              local qh, ql = tonumber(ARGV[a + 5]), tonumber(ARGV[a + 6])
              local k = tonumber(ARGV[a + 7])
              local uh, ul = 0, 0
              for i = 1, k do
                local v = usage(KEYS[tonumber(ARGV[a + 7 + i])], field)
                uh = uh + v[1]
                ul = ul + v[2]
              end
              uh, ul = norm(uh, ul)
              local prefix = 't:'
              if scope == 'p' then prefix = 'p:' .. persona .. ':' end
              local rh, rl = reserved(prefix, field)
              local ah, al = norm(uh + rh + qh, ul + rl + ql)
              local over = ah > lh or (ah == lh and al > ll)
              local lifted = tenant_lift or (scope == 'p' and persona_lift)
              if over and refuses == '1' and not lifted then refused = true end
              result[#result + 1] = uh
              result[#result + 1] = ul
              result[#result + 1] = rh
              result[#result + 1] = rl
              a = a + 8 + k
            end
            local expiry = tonumber(ARGV[2])
            if not refused and expiry > 0 then
              local p = split(ARGV[3])
              redis.call('ZADD', KEYS[1], expiry, ARGV[3])
              add('t:', p, false)
              if persona ~= '' then add('p:' .. persona .. ':', p, false) end
              -- keep both keys a minute past the last reservation (relative: the caller's clock may differ from Redis's)
              local keep = expiry - now + 60000
              for i = 1, 2 do
                local ttl = redis.call('PTTL', KEYS[i])
                if ttl < keep then redis.call('PEXPIRE', KEYS[i], keep) end
              end
              result[1] = 1
            end
            return result
            """;

    // KEYS[1] reservations zset, KEYS[2] reservation sums hash; ARGV[1] reservation id.
    // Returns 1 if the reservation was there (live or expired but not yet cleared) and is now released, else 0.
    static final String RELEASE_SCRIPT = SUMS + """
            local cursor = '0'
            repeat
              local found = redis.call('ZSCAN', KEYS[1], cursor, 'MATCH', ARGV[1] .. '|*', 'COUNT', 1000)
              cursor = found[1]
              if #found[2] > 0 then
                release(found[2][1])
                return 1
              end
            until cursor == '0'
            return 0
            """;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final BudgetKeys keys;
    private final RedisCalls calls;
    private final String sha;
    private final String releaseSha;

    public RedisBudgetCheck(RedisClusterAsyncCommands<String, String> redis, BudgetKeys keys, java.time.Duration timeout,
                            String address) {
        this.redis = redis;
        this.keys = keys;
        this.calls = new RedisCalls(timeout, address);
        this.sha = redis.digest(SCRIPT);
        this.releaseSha = redis.digest(RELEASE_SCRIPT);
    }

    /** What one script run saw and did. */
    public record Measurement(List<BudgetUsage> budgets, boolean reserved, boolean tenantOverride, boolean personaOverride) {}

    /**
     * Measures the tenant's budgets (and the request's persona's) with the request added; reserves the
     * request until {@code reserveUntil} unless a budget refuses it ({@code reserveUntil} null: measure only).
     */
    public Measurement measure(TenantBudgets budgets, BudgetRequest request, Instant now, Instant reserveUntil,
                               String reservationId) {
        String tenant = budgets.tenant();
        String persona = request.persona();
        Map<String, Integer> usageKeys = new LinkedHashMap<>();
        List<String> keyList = new ArrayList<>(List.of(keys.reservations(tenant), keys.reserved(tenant),
                keys.override(tenant, null), keys.override(tenant, persona == null ? "" : persona)));
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(now.toEpochMilli()));
        args.add(reserveUntil == null ? "0" : String.valueOf(reserveUntil.toEpochMilli()));
        args.add(member(reservationId, request));
        args.add(persona == null ? "" : persona);
        List<Scoped> scoped = new ArrayList<>();
        budgets.tenantLimits().forEach(l -> scoped.add(new Scoped(null, l)));
        if (persona != null) {
            budgets.limits(persona).forEach(l -> scoped.add(new Scoped(persona, l)));
        }
        args.add(String.valueOf(scoped.size()));
        List<BudgetWindow> windows = new ArrayList<>();
        for (Scoped budget : scoped) {
            BudgetLimit limit = budget.limit();
            BudgetWindow window = BudgetWindow.current(limit.period(), limit.window(), budgets.timeZone(), now);
            windows.add(window);
            args.add(budget.persona() == null ? "t" : "p");
            args.add(limit.metric().counterField());
            args.add(limit.action().refuses() ? "1" : "0");
            addPair(args, limit.limitUnits());
            addPair(args, request.units(limit.metric()));
            args.add(String.valueOf(window.buckets().size()));
            for (Bucket bucket : window.buckets()) {
                String key = keys.counter(tenant, budget.persona(), bucket);
                Integer index = usageKeys.get(key);
                if (index == null) {
                    keyList.add(key);
                    index = keyList.size();
                    usageKeys.put(key, index);
                }
                args.add(String.valueOf(index));
            }
        }
        List<Object> reply = run(keyList.toArray(String[]::new), args.toArray(String[]::new));
        boolean tenantLift = (Long) reply.get(1) == 1L;
        boolean personaLift = (Long) reply.get(2) == 1L;
        List<BudgetUsage> measured = new ArrayList<>();
        for (int i = 0; i < scoped.size(); i++) {
            Scoped budget = scoped.get(i);
            int at = 3 + 4 * i;
            BigInteger used = pair(reply.get(at), reply.get(at + 1));
            BigInteger reserved = pair(reply.get(at + 2), reply.get(at + 3));
            boolean lifted = tenantLift || budget.persona() != null && personaLift;
            measured.add(new BudgetUsage(tenant, budget.persona(), budget.limit(), windows.get(i), used, reserved,
                    request.units(budget.limit().metric()), lifted));
        }
        return new Measurement(measured, (Long) reply.get(0) == 1L, tenantLift, personaLift);
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

    private List<Object> run(String[] keyArray, String[] argArray) {
        try {
            return (List<Object>) calls.await(redis.evalsha(sha, ScriptOutputType.MULTI, keyArray, argArray));
        } catch (RedisNoScriptException notLoaded) {
            // First use on this server (or cluster node), or Redis restarted: EVAL runs it and caches it there.
            return (List<Object>) calls.await(redis.eval(SCRIPT, ScriptOutputType.MULTI, keyArray, argArray));
        }
    }

    static String member(String id, BudgetRequest request) {
        BigInteger[] cost = request.units(Metric.COST_USD).divideAndRemainder(BASE);
        return String.join("|", id == null ? "-" : id, request.persona() == null ? "" : request.persona(),
                request.units(Metric.INPUT_TOKENS).toString(), request.units(Metric.OUTPUT_TOKENS).toString(),
                request.units(Metric.TOTAL_TOKENS).toString(), cost[0].toString(), cost[1].toString(),
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
