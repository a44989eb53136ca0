package io.somactl.core.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.somactl.core.SomactlException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Budget definitions, overrides, reset marks and the reset lock in Redis (layout: {@link BudgetKeys}).
 * A tenant's definitions are replaced in one Lua script, so a check never sees half of a change.
 */
public final class RedisBudgetStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    // KEYS[1] tenant hash, KEYS[2] personas set, KEYS[3..2+o] the old persona hashes as read, then the new ones.
    // ARGV[1] o, ARGV[2] the old personas sorted and joined by newlines (the script refuses if they changed since),
    // ARGV[3] tenant field count f, f × (field, value), then per new persona: name, field count n, n × (field, value).
    private static final String REPLACE = """
            local old = redis.call('SMEMBERS', KEYS[2])
            table.sort(old)
            if table.concat(old, '\\n') ~= ARGV[2] then
              return 0
            end
            local o = tonumber(ARGV[1])
            for i = 1, o do
              redis.call('DEL', KEYS[2 + i])
            end
            redis.call('DEL', KEYS[1], KEYS[2])
            local a = 4
            local f = tonumber(ARGV[3])
            for _ = 1, f do
              redis.call('HSET', KEYS[1], ARGV[a], ARGV[a + 1])
              a = a + 2
            end
            local k = 3 + o
            while a <= #ARGV do
              local n = tonumber(ARGV[a + 1])
              redis.call('SADD', KEYS[2], ARGV[a])
              a = a + 2
              for _ = 1, n do
                redis.call('HSET', KEYS[k], ARGV[a], ARGV[a + 1])
                a = a + 2
              end
              k = k + 1
            end
            return 1
            """;

    private static final String UNLOCK = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    /** The tenant hash's field that changes with every change of the tenant's or its personas' definitions. */
    static final String VERSION_FIELD = "version";

    private final RedisClusterAsyncCommands<String, String> redis;
    private final BudgetKeys keys;
    private final RedisCalls calls;

    /** Definitions as read, with the version they had ({@code ""} when the tenant has none). */
    public record Scope(TenantBudgets budgets, String version) {}

    public RedisBudgetStore(RedisClusterAsyncCommands<String, String> redis, BudgetKeys keys, Duration timeout) {
        this.redis = redis;
        this.keys = keys;
        this.calls = new RedisCalls(timeout, "(budgets)");
    }

    public BudgetKeys keys() {
        return keys;
    }

    /** Tenants that have budgets, sorted. */
    public List<String> tenants() {
        return calls.await(redis.smembers(keys.tenants())).stream().sorted().toList();
    }

    /** A tenant's budgets: its own limits and every persona's. */
    public TenantBudgets read(String tenant) {
        Names.tenant(tenant);
        RedisFuture<Map<String, String>> tenantHash = redis.hgetall(keys.tenantLimits(tenant));
        List<String> personas = calls.await(redis.smembers(keys.personas(tenant))).stream()
                .sorted()
                .toList();
        Map<String, RedisFuture<Map<String, String>>> personaHashes = new TreeMap<>();
        personas.forEach(p -> personaHashes.put(p, redis.hgetall(keys.personaLimits(tenant, p))));
        Map<String, String> own = calls.await(tenantHash);
        Map<String, List<BudgetLimit>> byPersona = new TreeMap<>();
        personaHashes.forEach((p, hash) -> byPersona.put(p, limits(calls.await(hash))));
        return new TenantBudgets(tenant, zone(own), limits(own), byPersona);
    }

    /** A tenant's own limits and time zone, and one persona's limits (all of a check needs), in one round trip. */
    public TenantBudgets readScope(String tenant, String persona) {
        return readVersioned(tenant, persona).budgets();
    }

    /** {@link #readScope}, with the definitions' version. */
    public Scope readVersioned(String tenant, String persona) {
        RedisFuture<Map<String, String>> tenantHash = redis.hgetall(keys.tenantLimits(tenant));
        RedisFuture<Map<String, String>> personaHash =
                persona == null ? null : redis.hgetall(keys.personaLimits(tenant, persona));
        Map<String, String> own = calls.await(tenantHash);
        Map<String, List<BudgetLimit>> byPersona = new TreeMap<>();
        if (personaHash != null) {
            byPersona.put(persona, limits(calls.await(personaHash)));
        }
        return new Scope(
                new TenantBudgets(tenant, zone(own), limits(own), byPersona), own.getOrDefault(VERSION_FIELD, ""));
    }

    /** Makes Redis hold exactly {@code budgets} for its tenant (an empty one removes the tenant's budgets). */
    public void replace(TenantBudgets budgets) {
        String tenant = budgets.tenant();
        if (!budgets.isEmpty()) {
            calls.await(redis.sadd(keys.tenants(), tenant));
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            List<String> old = calls.await(redis.smembers(keys.personas(tenant))).stream()
                    .sorted()
                    .toList();
            List<String> keyList = new ArrayList<>(List.of(keys.tenantLimits(tenant), keys.personas(tenant)));
            old.forEach(p -> keyList.add(keys.personaLimits(tenant, p)));
            List<String> args = new ArrayList<>(List.of(String.valueOf(old.size()), String.join("\n", old)));
            List<String> own = new ArrayList<>();
            if (!budgets.isEmpty()) {
                own.addAll(
                        List.of(BudgetCodec.TIME_ZONE_FIELD, budgets.timeZone().getId()));
                // a new version with every change, so checks that cached the definitions find out (RedisBudgetCheck)
                own.addAll(List.of(VERSION_FIELD, UUID.randomUUID().toString()));
            }
            budgets.tenantLimits().forEach(l -> own.addAll(List.of(BudgetCodec.field(l), BudgetCodec.encode(l))));
            args.add(String.valueOf(own.size() / 2));
            args.addAll(own);
            budgets.personaLimits().forEach((persona, limits) -> {
                keyList.add(keys.personaLimits(tenant, persona));
                args.add(persona);
                args.add(String.valueOf(limits.size()));
                limits.forEach(l -> args.addAll(List.of(BudgetCodec.field(l), BudgetCodec.encode(l))));
            });
            Long done = calls.await(redis.eval(
                    REPLACE, ScriptOutputType.INTEGER, keyList.toArray(String[]::new), args.toArray(String[]::new)));
            if (done == 1L) {
                if (budgets.isEmpty()) {
                    calls.await(redis.srem(keys.tenants(), tenant));
                }
                return;
            }
        }
        throw new SomactlException("the budgets of tenant " + tenant + " kept changing while being written; try again");
    }

    /** Records an override that Redis forgets by itself at its {@code until}. */
    public void putOverride(BudgetOverride override) {
        ObjectNode node = JSON.createObjectNode();
        node.put("until", override.until().toString());
        node.put("actor", override.actor());
        node.put("reason", override.reason());
        node.put("created_at", override.createdAt().toString());
        calls.await(redis.set(
                keys.override(override.tenant(), override.persona()),
                node.toString(),
                SetArgs.Builder.pxAt(override.until().toEpochMilli())));
    }

    public boolean clearOverride(String tenant, String persona) {
        return calls.await(redis.del(keys.override(tenant, persona))) > 0;
    }

    public Optional<BudgetOverride> override(String tenant, String persona) {
        String json = calls.await(redis.get(keys.override(tenant, persona)));
        if (json == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(json);
            return Optional.of(new BudgetOverride(
                    tenant,
                    persona,
                    Instant.parse(node.path("until").asText()),
                    node.path("actor").asText(),
                    node.path("reason").asText(),
                    Instant.parse(node.path("created_at").asText())));
        } catch (IOException | RuntimeException e) {
            throw new SomactlException(
                    "override of " + tenant + (persona == null ? "" : "/" + persona) + " in Redis is not readable: "
                            + json,
                    e);
        }
    }

    /** The id of the last window of {@code period} that {@code budget reset} closed for the tenant, if any. */
    public Optional<String> lastReset(String tenant, Period period) {
        return Optional.ofNullable(calls.await(redis.hget(keys.resets(tenant), period.cliName())));
    }

    public void markReset(String tenant, Period period, String windowId) {
        calls.await(redis.hset(keys.resets(tenant), period.cliName(), windowId));
    }

    /** Takes the reset lock of a period; returns its token, or empty when another reset holds it. */
    public Optional<String> tryLock(Period period, Duration ttl) {
        String token = UUID.randomUUID().toString();
        String ok = calls.await(
                redis.set(keys.resetLock(period), token, SetArgs.Builder.nx().px(ttl.toMillis())));
        return "OK".equals(ok) ? Optional.of(token) : Optional.empty();
    }

    public void unlock(Period period, String token) {
        calls.await(redis.eval(UNLOCK, ScriptOutputType.INTEGER, new String[] {keys.resetLock(period)}, token));
    }

    private static ZoneId zone(Map<String, String> hash) {
        String zone = hash.get(BudgetCodec.TIME_ZONE_FIELD);
        return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
    }

    private static List<BudgetLimit> limits(Map<String, String> hash) {
        List<BudgetLimit> limits = new ArrayList<>();
        hash.forEach((field, value) -> {
            if (field.startsWith(BudgetCodec.LIMIT_FIELD)) {
                limits.add(BudgetCodec.decode(field, value));
            }
        });
        return limits;
    }
}
