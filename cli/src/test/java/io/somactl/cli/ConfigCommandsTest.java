package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandsTest {
    @TempDir
    Path home;

    private Run run(String... args) {
        return Run.of(Map.of("XDG_CONFIG_HOME", home.toString(), "HOME", home.toString()), args);
    }

    @Test
    void setContextThenUseContextMakesItTheOneInForce() {
        Run set = run(
                "config",
                "set-context",
                "prod",
                "--set",
                "clickhouse.url=https://ch.prod:8443",
                "--set",
                "kafka.bootstrap-server=k1.prod:9092");
        assertEquals(0, set.exitCode(), set.describe());
        Run use = run("config", "use-context", "prod");
        assertEquals(0, use.exitCode(), use.describe());

        Run view = run("config", "view", "-o", "json");
        assertEquals(0, view.exitCode(), view.describe());
        assertTrue(view.out().contains("\"value\" : \"https://ch.prod:8443\""), view.describe());
        assertTrue(view.err().contains("context: prod"), view.describe());

        Run contexts = run("config", "get-contexts");
        assertTrue(
                contexts.out().lines().anyMatch(l -> l.startsWith("*") && l.contains("prod")),
                "get-contexts must mark prod as current\n" + contexts.describe());
    }

    @Test
    void secretsGoToAnOwnerOnlyFileAndConfigViewNeverShowsThem() throws Exception {
        run("config", "set-context", "prod", "--set", "clickhouse.password=hunter2");
        Path secrets = home.resolve("somactl/secrets.yaml");
        assertTrue(Files.exists(secrets), "the password belongs in secrets.yaml");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
        assertFalse(
                Files.readString(home.resolve("somactl/config.yaml")).contains("hunter2"),
                "config.yaml must not hold the password");

        for (String format : new String[] {"table", "json", "csv", "yaml"}) {
            Run view = run("config", "view", "--context", "prod", "-o", format);
            assertEquals(0, view.exitCode(), view.describe());
            assertFalse(
                    view.out().contains("hunter2") || view.err().contains("hunter2"),
                    "config view -o " + format + " printed the password\n" + view.describe());
            assertTrue(view.out().contains("<redacted>"), view.describe());
        }
    }

    @Test
    void environmentVariablesOverrideTheContext() {
        run("config", "set-context", "prod", "--set", "clickhouse.url=https://ch.prod:8443");
        Run view = Run.of(
                Map.of(
                        "XDG_CONFIG_HOME",
                        home.toString(),
                        "SOMACTL_CONTEXT",
                        "prod",
                        "SOMACTL_CLICKHOUSE_URL",
                        "http://override:8123"),
                "config",
                "view",
                "-o",
                "csv");
        assertTrue(view.out().contains("clickhouse.url,http://override:8123,environment"), view.describe());
    }

    @Test
    void usingAContextThatDoesNotExistIsAUsageErrorThatSaysHowToCreateIt() {
        Run run = run("config", "use-context", "nope");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("somactl config set-context nope"), run.describe());
    }

    @Test
    void anUnknownKeyIsRefused() {
        Run run = run("config", "set-context", "prod", "--set", "clickhouse.ulr=x");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("unknown key 'clickhouse.ulr'"), run.describe());
    }

    @Test
    void deleteContextRemovesItAndItsSecrets() throws Exception {
        run("config", "set-context", "prod", "--set", "redis.password=pw", "--set", "redis.uri=redis://r:6379");
        Run delete = run("config", "delete-context", "prod");
        assertEquals(0, delete.exitCode(), delete.describe());
        assertFalse(Files.readString(home.resolve("somactl/secrets.yaml")).contains("pw"));
        assertFalse(Files.readString(home.resolve("somactl/config.yaml")).contains("prod"));
    }
}
