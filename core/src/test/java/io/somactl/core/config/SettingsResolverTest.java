package io.somactl.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsResolverTest {
    private static final Path FILE = Path.of("/nowhere/config.yaml");
    private static final ConfigFile CONFIG = new ConfigFile(
            FILE,
            "staging",
            Map.of(
                    "staging", Map.of("clickhouse.url", "http://staging:8123", "clickhouse.database", "stage"),
                    "prod", Map.of("clickhouse.url", "https://prod:8443")));
    private static final SecretsFile SECRETS = new SecretsFile(
            Path.of("/nowhere/secrets.yaml"),
            Map.of("prod", Map.of("clickhouse.password", "s3cret")),
            java.util.List.of());

    private static Settings resolve(
            Map<String, String> environment, String contextFlag, String session, Map<SettingKey, String> flags) {
        return new SettingsResolver(CONFIG, SECRETS, environment).resolve(contextFlag, session, flags);
    }

    @Test
    void withNothingConfiguredTheBuiltInLocalStackApplies() {
        Settings settings = new SettingsResolver(
                        new ConfigFile(FILE, null, Map.of()),
                        new SecretsFile(FILE, Map.of(), java.util.List.of()),
                        Map.of())
                .resolve(null, null, Map.of());
        assertEquals("local", settings.context());
        assertEquals("http://127.0.0.1:18123", settings.get(SettingKey.CLICKHOUSE_URL));
        assertEquals(
                SettingSource.DEFAULT,
                settings.resolved(SettingKey.CLICKHOUSE_URL).source());
    }

    @Test
    void prometheusAndAlertmanagerAreTheStacksInTheLocalContextAndUnconfiguredInANamedOneThatOmitsThem() {
        Settings local = resolve(Map.of(), "local", null, Map.of());
        assertEquals(
                "http://127.0.0.1:19190", local.prometheusUrl().orElseThrow().toString());
        assertEquals(
                "http://127.0.0.1:19193", local.alertmanagerUrl().orElseThrow().toString());
        Settings staging = resolve(Map.of(), null, null, Map.of());
        assertTrue(staging.prometheusUrl().isEmpty(), "a named context without prometheus.url has no Prometheus");
        assertTrue(staging.alertmanagerUrl().isEmpty());
        Settings fromEnv = resolve(Map.of("SOMACTL_PROMETHEUS_URL", "http://prom:9090"), null, null, Map.of());
        assertEquals("http://prom:9090", fromEnv.prometheusUrl().orElseThrow().toString());
        assertTrue(
                resolve(Map.of("SOMACTL_PROMETHEUS_URL", ""), "local", null, Map.of())
                        .prometheusUrl()
                        .isEmpty(),
                "an empty prometheus.url turns it off");
        ConfigException bad = assertThrows(
                ConfigException.class,
                () -> resolve(Map.of("SOMACTL_PROMETHEUS_URL", "prom:9090"), null, null, Map.of())
                        .prometheusUrl());
        assertTrue(bad.getMessage().contains("prometheus.url: 'prom:9090' is not an http(s) URL"), bad.getMessage());
    }

    @Test
    void theCurrentContextOfTheFileAppliesWhenNothingElseChooses() {
        Settings settings = resolve(Map.of(), null, null, Map.of());
        assertEquals("staging", settings.context());
        assertEquals("http://staging:8123", settings.get(SettingKey.CLICKHOUSE_URL));
        assertEquals(
                SettingSource.CONTEXT,
                settings.resolved(SettingKey.CLICKHOUSE_URL).source());
        assertEquals(
                "127.0.0.1:19092",
                settings.get(SettingKey.KAFKA_BOOTSTRAP_SERVER),
                "unset keys fall back to the default");
    }

    @Test
    void contextIsChosenByFlagThenSessionThenEnvironmentThenFile() {
        Map<String, String> env = Map.of("SOMACTL_CONTEXT", "local");
        assertEquals("prod", resolve(env, "prod", "staging", Map.of()).context(), "--context wins");
        assertEquals("prod", resolve(env, null, "prod", Map.of()).context(), "the shell session comes next");
        assertEquals("local", resolve(env, null, null, Map.of()).context(), "then SOMACTL_CONTEXT");
        assertEquals("staging", resolve(Map.of(), null, null, Map.of()).context(), "then current-context");
    }

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheContext() {
        Map<String, String> env = Map.of("SOMACTL_CLICKHOUSE_URL", "http://from-env:8123");
        assertEquals("http://from-env:8123", resolve(env, null, null, Map.of()).get(SettingKey.CLICKHOUSE_URL));
        Settings flagged = resolve(env, null, null, Map.of(SettingKey.CLICKHOUSE_URL, "http://from-flag:8123"));
        assertEquals("http://from-flag:8123", flagged.get(SettingKey.CLICKHOUSE_URL));
        assertEquals(
                SettingSource.FLAG, flagged.resolved(SettingKey.CLICKHOUSE_URL).source());
    }

    @Test
    void secretsComeFromTheSecretsFileOrTheEnvironmentAndNeverPrint() {
        Settings prod = resolve(Map.of(), "prod", null, Map.of());
        assertEquals("s3cret", prod.clickHouse().password().reveal());
        assertEquals(
                SettingSource.SECRETS_FILE,
                prod.resolved(SettingKey.CLICKHOUSE_PASSWORD).source());
        assertEquals("<redacted>", prod.resolved(SettingKey.CLICKHOUSE_PASSWORD).printable());
        assertEquals("<redacted>", prod.clickHouse().password().toString());
        Settings fromEnv = resolve(Map.of("SOMACTL_CLICKHOUSE_PASSWORD", "env-secret"), "prod", null, Map.of());
        assertEquals("env-secret", fromEnv.clickHouse().password().reveal());
    }

    @Test
    void anUnknownContextIsAClearError() {
        ConfigException e = assertThrows(ConfigException.class, () -> resolve(Map.of(), "qa", null, Map.of()));
        assertTrue(
                e.getMessage().contains("no context named 'qa'")
                        && e.getMessage().contains("known: ")
                        && e.getMessage().contains("staging")
                        && e.getMessage().contains("prod"),
                e.getMessage());
    }

    @Test
    void aMalformedTimeoutIsAClearError() {
        Settings settings = resolve(Map.of(), null, null, Map.of(SettingKey.TIMEOUT, "soon"));
        ConfigException e = assertThrows(ConfigException.class, settings::timeout);
        assertTrue(e.getMessage().contains("'soon' is not a duration"), e.getMessage());
        assertEquals(
                java.time.Duration.ofMillis(1500),
                resolve(Map.of(), null, null, Map.of(SettingKey.TIMEOUT, "1500ms"))
                        .timeout());
    }

    @Test
    void budgetCheckWaitsTheShorterOfItsTimeoutAndTheGeneralOneUnlessTimeoutIsAFlag() {
        assertEquals(
                java.time.Duration.ofSeconds(2),
                resolve(Map.of(), null, null, Map.of()).budgetCheckTimeout());
        assertEquals(
                java.time.Duration.ofMillis(500),
                resolve(Map.of("SOMACTL_TIMEOUT", "500ms"), null, null, Map.of())
                        .budgetCheckTimeout());
        assertEquals(
                java.time.Duration.ofSeconds(30),
                resolve(Map.of(), null, null, Map.of(SettingKey.TIMEOUT, "30s")).budgetCheckTimeout());
        assertTrue(!resolve(Map.of(), null, null, Map.of()).budgetFailOpen(), "fail-closed by default");
        assertTrue(resolve(Map.of("SOMACTL_BUDGET_REDIS_UNAVAILABLE", "fail-open"), null, null, Map.of())
                .budgetFailOpen());
        assertThrows(
                ConfigException.class,
                () -> resolve(Map.of("SOMACTL_BUDGET_REDIS_UNAVAILABLE", "maybe"), null, null, Map.of())
                        .budgetFailOpen());
    }
}
