package io.somactl.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsAnEmptyConfig() {
        ConfigFile config = ConfigFile.load(dir.resolve("config.yaml"));
        assertTrue(config.contexts().isEmpty());
        assertEquals(null, config.currentContext());
    }

    @Test
    void savedContextsLoadBackTheSame() {
        Path file = dir.resolve("sub/config.yaml");
        new ConfigFile(file, null, Map.of())
                .withContext("prod", Map.of("clickhouse.url", "https://ch:8443", "kafka.bootstrap-server", "k:9092"))
                .withCurrentContext("prod")
                .save();
        ConfigFile loaded = ConfigFile.load(file);
        assertEquals("prod", loaded.currentContext());
        assertEquals("https://ch:8443", loaded.contexts().get("prod").get("clickhouse.url"));
        assertEquals("k:9092", loaded.contexts().get("prod").get("kafka.bootstrap-server"));
    }

    @Test
    void nestedAndDottedKeysMeanTheSame() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, """
                current-context: a
                contexts:
                  a:
                    clickhouse:
                      url: http://nested:8123
                  b:
                    clickhouse.url: http://dotted:8123
                """);
        ConfigFile config = ConfigFile.load(file);
        assertEquals("http://nested:8123", config.contexts().get("a").get("clickhouse.url"));
        assertEquals("http://dotted:8123", config.contexts().get("b").get("clickhouse.url"));
    }

    @Test
    void aSecretInConfigYamlIsRefusedWithWhereItBelongs() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "contexts:\n  prod:\n    clickhouse:\n      password: hunter2\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(file));
        assertTrue(
                e.getMessage().contains("secrets.yaml") && e.getMessage().contains("SOMACTL_CLICKHOUSE_PASSWORD"),
                e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), "the error must not echo the secret");
    }

    @Test
    void anUnknownKeyIsRefusedNamingTheKnownOnes() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "contexts:\n  prod:\n    clickhouse:\n      ulr: http://typo\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(file));
        assertTrue(
                e.getMessage().contains("unknown key 'clickhouse.ulr'")
                        && e.getMessage().contains("clickhouse.url"),
                e.getMessage());
    }

    @Test
    void brokenYamlNamesTheFile() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "contexts: [unclosed\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(file));
        assertTrue(e.getMessage().startsWith("cannot read " + file), e.getMessage());
    }

    @Test
    void secretsAreSavedReadableByTheOwnerOnly() throws Exception {
        Path file = dir.resolve("secrets.yaml");
        SecretsFile.load(file)
                .withContext("prod", Map.of("redis.password", "pw"))
                .save();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        SecretsFile loaded = SecretsFile.load(file);
        assertEquals("pw", loaded.forContext("prod").get("redis.password"));
        assertTrue(loaded.warnings().isEmpty());
    }

    @Test
    void aSecretsFileOthersCanReadEarnsAWarning() throws Exception {
        Path file = dir.resolve("secrets.yaml");
        Files.writeString(file, "contexts:\n  prod:\n    redis.password: pw\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        SecretsFile loaded = SecretsFile.load(file);
        assertEquals(1, loaded.warnings().size());
        assertTrue(
                loaded.warnings().get(0).contains("chmod 600"),
                loaded.warnings().get(0));
    }
}
