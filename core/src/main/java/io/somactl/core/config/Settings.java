package io.somactl.core.config;

import io.somactl.core.Secret;
import io.somactl.core.clickhouse.ClickHouseSettings;
import io.somactl.core.kafka.KafkaSettings;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.redis.RedisSettings;
import io.somactl.core.text.Printable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The settings in force for one command run, already resolved, with typed views for each server. */
public record Settings(String context, Map<SettingKey, ResolvedSetting> values, List<String> warnings) {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    public String get(SettingKey key) {
        return values.get(key).value();
    }

    public ResolvedSetting resolved(SettingKey key) {
        return values.get(key);
    }

    public Duration timeout() {
        return parseDuration(SettingKey.TIMEOUT.key(), get(SettingKey.TIMEOUT));
    }

    public ClickHouseSettings clickHouse() {
        String url = get(SettingKey.CLICKHOUSE_URL);
        try {
            return new ClickHouseSettings(
                    URI.create(url),
                    get(SettingKey.CLICKHOUSE_USER),
                    Secret.of(get(SettingKey.CLICKHOUSE_PASSWORD)),
                    get(SettingKey.CLICKHOUSE_DATABASE),
                    timeout());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("context " + Printable.quote(context) + ": " + e.getMessage(), e);
        }
    }

    public String kafkaBootstrapServer() {
        return get(SettingKey.KAFKA_BOOTSTRAP_SERVER);
    }

    /** Kafka with extra client properties (security, SASL…) from the command line. */
    public KafkaSettings kafka(Map<String, String> clientProperties) {
        return new KafkaSettings(kafkaBootstrapServer(), clientProperties, timeout());
    }

    /** The telemetry topics' Kafka names, behind the context's prefix. */
    public TopicNames topicNames() {
        try {
            return new TopicNames(get(SettingKey.KAFKA_TOPIC_PREFIX));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("kafka.topic-prefix: " + e.getMessage(), e);
        }
    }

    public RedisSettings redis() {
        return new RedisSettings(
                get(SettingKey.REDIS_URI),
                Secret.of(get(SettingKey.REDIS_PASSWORD)),
                get(SettingKey.REDIS_KEY_PREFIX),
                timeout(),
                bool(SettingKey.REDIS_CLUSTER));
    }

    /** {@code budget.redis-unavailable}: true for fail-open, false for fail-closed. */
    public boolean budgetFailOpen() {
        String policy = get(SettingKey.BUDGET_REDIS_UNAVAILABLE).strip();
        return switch (policy) {
            case "fail-open" -> true;
            case "fail-closed" -> false;
            default ->
                throw new ConfigException(SettingKey.BUDGET_REDIS_UNAVAILABLE.key() + ": " + Printable.quote(policy)
                        + " is not a policy; use fail-closed or fail-open");
        };
    }

    /**
     * How long {@code budget check} may wait for Redis: {@code --timeout} when given on the command
     * line, else the smaller of {@code budget.check-timeout} and {@code timeout}.
     */
    public Duration budgetCheckTimeout() {
        if (resolved(SettingKey.TIMEOUT).source() == SettingSource.FLAG) {
            return timeout();
        }
        Duration check = parseDuration(SettingKey.BUDGET_CHECK_TIMEOUT.key(), get(SettingKey.BUDGET_CHECK_TIMEOUT));
        return check.compareTo(timeout()) < 0 ? check : timeout();
    }

    public Duration budgetReservationTtl() {
        return parseDuration(SettingKey.BUDGET_RESERVATION_TTL.key(), get(SettingKey.BUDGET_RESERVATION_TTL));
    }

    private boolean bool(SettingKey key) {
        String value = get(key).strip();
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key.key() + ": " + Printable.quote(value) + " is not true or false");
        };
    }

    /** The ClickHouse cluster for {@code ON CLUSTER} DDL, or empty for a single server. */
    public String clickHouseCluster() {
        return get(SettingKey.CLICKHOUSE_CLUSTER);
    }

    /** Who is acting, for audit records: the context's actor, else the login name. */
    public String actor() {
        String actor = get(SettingKey.ACTOR);
        return actor.isBlank() ? System.getProperty("user.name", "unknown") : actor;
    }

    /**
     * Prometheus's base URL, or empty when none is configured: {@code prometheus.url} set to nothing, or
     * not set at all in a named context (the built-in default, the local stack's, counts only for the
     * built-in {@code local} context, so a production context without Prometheus is not pointed at 127.0.0.1).
     */
    public java.util.Optional<java.net.URI> prometheusUrl() {
        return url(SettingKey.PROMETHEUS_URL);
    }

    /** PostgreSQL for the session summaries, or empty when {@code postgres.url} is not set. */
    public java.util.Optional<io.somactl.core.sessions.PostgresSettings> postgres() {
        String url = get(SettingKey.POSTGRES_URL).strip();
        if (url.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(io.somactl.core.sessions.PostgresSettings.parse(
                url, get(SettingKey.POSTGRES_USER), Secret.of(get(SettingKey.POSTGRES_PASSWORD)), timeout()));
    }

    /** Alertmanager's base URL, or empty when none is configured (as for {@link #prometheusUrl()}). */
    public java.util.Optional<java.net.URI> alertmanagerUrl() {
        return url(SettingKey.ALERTMANAGER_URL);
    }

    private java.util.Optional<java.net.URI> url(SettingKey key) {
        ResolvedSetting setting = resolved(key);
        String text = setting.value().strip();
        boolean defaultOfANamedContext =
                setting.source() == SettingSource.DEFAULT && !SettingsResolver.LOCAL.equals(context);
        if (text.isEmpty() || defaultOfANamedContext) {
            return java.util.Optional.empty();
        }
        try {
            java.net.URI uri = new java.net.URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(
                        key.key() + ": '" + text + "' is not an http(s) URL (e.g. http://127.0.0.1:19190)");
            }
            return java.util.Optional.of(uri);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(key.key() + ": '" + text + "' is not a URL (e.g. http://127.0.0.1:19190)");
        }
    }

    public static Duration parseDuration(String key, String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            throw new ConfigException(
                    key + ": " + Printable.quote(text) + " is not a duration (examples: 500ms, 10s, 2m)");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
