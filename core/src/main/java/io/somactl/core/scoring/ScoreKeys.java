package io.somactl.core.scoring;

import io.somactl.core.usage.UsageKeys;

/**
 * Where rankings and flags live in Redis: one string key each, holding the JSON text
 * ({@link RankingJson}), so a router reads its ranking with one {@code GET}.
 * <ul>
 *   <li>{@code {PREFIX}:scores:models}: the global ranking (hash tag {@code {PREFIX}}, like the budgets' global keys);
 *   <li>{@code {PREFIX:TENANT}:scores:models}: a tenant's ranking, in the tenant's hash tag (the same
 *       Redis Cluster slot as its budgets and counters);
 *   <li>{@code {PREFIX}:scores:models:persona:P}, {@code {PREFIX}:scores:models:deployment_mode:M};
 *   <li>{@code {PREFIX}:scores:anomalies}: the latest anomaly flags.
 * </ul>
 */
public final class ScoreKeys {
    private final UsageKeys keys;

    public ScoreKeys(UsageKeys keys) {
        this.keys = keys;
    }

    public String ranking(String dimension, String value) {
        return switch (dimension) {
            case "global" -> global() + ":scores:models";
            case "tenant" -> keys.tenantTag(value) + ":scores:models";
            default -> global() + ":scores:models:" + dimension + ":" + value;
        };
    }

    public String anomalies() {
        return global() + ":scores:anomalies";
    }

    private String global() {
        return "{" + keys.prefix() + "}";
    }
}
