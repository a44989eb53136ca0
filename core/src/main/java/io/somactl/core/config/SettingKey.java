package io.somactl.core.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every setting a context can hold: its key in config.yaml, the environment variable that
 * overrides it, and the built-in default, which points at the local stack ({@code stack/ports.env}).
 * Secret keys live only in the secrets file or the environment, never in config.yaml.
 */
public enum SettingKey {
    KAFKA_BOOTSTRAP_SERVER("kafka.bootstrap-server", "127.0.0.1:19092", false),
    KAFKA_TOPIC_PREFIX("kafka.topic-prefix", "", false),
    CLICKHOUSE_URL("clickhouse.url", "http://127.0.0.1:18123", false),
    CLICKHOUSE_USER("clickhouse.user", "default", false),
    CLICKHOUSE_PASSWORD("clickhouse.password", "", true),
    CLICKHOUSE_DATABASE("clickhouse.database", "somactl", false),
    CLICKHOUSE_CLUSTER("clickhouse.cluster", "", false),
    REDIS_URI("redis.uri", "redis://127.0.0.1:16379", false),
    REDIS_PASSWORD("redis.password", "", true),
    REDIS_KEY_PREFIX("redis.key-prefix", "somactl", false),
    /**
     * PostgreSQL for the per-session and per-call summaries ({@code postgresql://[USER[:PASSWORD]@]HOST:PORT/DB}
     * or {@code jdbc:postgresql://…}); empty (the default): none, and ingest writes only ClickHouse and Redis.
     */
    POSTGRES_URL("postgres.url", "", false),
    POSTGRES_USER("postgres.user", "somactl", false),
    POSTGRES_PASSWORD("postgres.password", "", true),
    /** {@code true}: redis.uri names seed nodes of a Redis Cluster (comma-separated), reached through Lettuce's cluster client. */
    REDIS_CLUSTER("redis.cluster", "false", false),
    TIMEOUT("timeout", "10s", false),
    ACTOR("actor", "", false),
    /** What {@code budget check} answers when Redis does not: {@code fail-closed} (pause) or {@code fail-open} (allow). */
    BUDGET_REDIS_UNAVAILABLE("budget.redis-unavailable", "fail-closed", false),
    /** The longest {@code budget check} waits for Redis (the smaller of this and {@code timeout}). */
    BUDGET_CHECK_TIMEOUT("budget.check-timeout", "2s", false),
    /** How long a check's reservation counts against the budget unless released. */
    BUDGET_RESERVATION_TTL("budget.reservation-ttl", "10m", false),
    /**
     * The pricing catalog file ingest and the cost commands price with (empty: the bundled one).
     * Its variable is {@code SOMACTL_PRICING}, so a cron job can pin it without a context.
     */
    PRICING_CATALOG("pricing.catalog", "", false, "SOMACTL_PRICING"),
    /** Prometheus's HTTP API ({@code alerts probe}, {@code doctor}); empty: none configured. */
    PROMETHEUS_URL("prometheus.url", "http://127.0.0.1:19190", false),
    /** Alertmanager's HTTP API ({@code alerts probe --push}, {@code doctor}); empty: none configured. */
    ALERTMANAGER_URL("alertmanager.url", "http://127.0.0.1:19193", false),
    /** Where {@code somactl serve} listens: loopback unless configured otherwise. */
    SERVE_LISTEN("serve.listen", "127.0.0.1:8787", false),
    /** {@code somactl serve}'s bearer tokens, as SHA-256 hashes only ({@code somactl serve token create}). */
    SERVE_TOKENS("serve.tokens", "", true);

    private final String key;
    private final String defaultValue;
    private final boolean secret;
    private final String variable;

    SettingKey(String key, String defaultValue, boolean secret) {
        this(key, defaultValue, secret, null);
    }

    SettingKey(String key, String defaultValue, boolean secret, String variable) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.variable = variable;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public boolean isSecret() {
        return secret;
    }

    /** {@code clickhouse.url} is overridden by {@code SOMACTL_CLICKHOUSE_URL}. */
    public String environmentVariable() {
        if (variable != null) {
            return variable;
        }
        return "SOMACTL_" + key.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    public static Optional<SettingKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static String knownKeys() {
        return String.join(", ", Arrays.stream(values()).map(SettingKey::key).toList());
    }
}
