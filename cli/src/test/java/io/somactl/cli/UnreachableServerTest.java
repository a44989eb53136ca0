package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A command against a server that is not there fails with exit 3 and one line on stderr that names the
 * server, its address (without password) and what to do. Port 1 on the loopback: nothing listens there,
 * so the shared stack is never touched.
 */
class UnreachableServerTest {
    private static final String CLICKHOUSE = "http://127.0.0.1:1";
    private static final String REDIS = "redis://127.0.0.1:1";
    private static final String KAFKA = "127.0.0.1:1";

    @TempDir
    Path home;

    static List<Object[]> commands() {
        return List.of(
                new Object[] {"ClickHouse at " + CLICKHOUSE, List.of("spend", "--clickhouse-url", CLICKHOUSE)},
                new Object[] {
                    "ClickHouse at " + CLICKHOUSE, List.of("tokens", "--clickhouse-url", CLICKHOUSE, "-o", "json")
                },
                new Object[] {"ClickHouse at " + CLICKHOUSE, List.of("schema", "status", "--clickhouse-url", CLICKHOUSE)
                },
                new Object[] {"ClickHouse at " + CLICKHOUSE, List.of("calls", "list", "--clickhouse-url", CLICKHOUSE)},
                new Object[] {"ClickHouse at " + CLICKHOUSE, List.of("aggregate", "--clickhouse-url", CLICKHOUSE)},
                new Object[] {"ClickHouse at " + CLICKHOUSE, List.of("budget", "audit", "--clickhouse-url", CLICKHOUSE)
                },
                new Object[] {"Redis at 127.0.0.1:1", List.of("budget", "show", "--redis-uri", REDIS)},
                new Object[] {
                    "Redis at 127.0.0.1:1",
                    List.of(
                            "budget",
                            "override",
                            "--tenant",
                            "acme",
                            "--until",
                            "1h",
                            "--reason",
                            "test",
                            "--redis-uri",
                            REDIS,
                            "-o",
                            "json")
                },
                new Object[] {
                    "Redis at 127.0.0.1:1",
                    List.of(
                            "budget",
                            "set",
                            "--tenant",
                            "acme",
                            "--period",
                            "daily",
                            "--metric",
                            "total-tokens",
                            "--limit",
                            "10",
                            "--action",
                            "pause",
                            "--redis-uri",
                            REDIS)
                },
                new Object[] {"Kafka at 127.0.0.1:1", List.of("topics", "create", "--bootstrap-server", KAFKA)});
    }

    private Run run(Map<String, String> extra, List<String> args) {
        Map<String, String> env = new HashMap<>(Map.of("XDG_CONFIG_HOME", home.toString(), "HOME", home.toString()));
        env.putAll(extra);
        List<String> all = new java.util.ArrayList<>(args);
        all.addAll(List.of("--timeout", "2s"));
        return Run.of(env, all.toArray(String[]::new));
    }

    private static void assertOneLineNamingTheServer(Run run, String serverAtAddress, String setting) {
        assertEquals(3, run.exitCode(), run.describe());
        assertEquals("", run.out().strip().equals("[]") ? "" : run.out(), run.describe());
        List<String> lines =
                run.err().lines().filter(l -> !l.startsWith("warning: ")).toList();
        assertEquals(1, lines.size(), "one line on stderr:\n" + run.describe());
        assertTrue(lines.get(0).startsWith("error: cannot reach " + serverAtAddress + " ("), run.describe());
        assertTrue(lines.get(0).contains("stack/up") && lines.get(0).contains(setting), run.describe());
        assertFalse(lines.get(0).contains("Exception"), "no Java class name: " + run.describe());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("commands")
    void failsWithOneLineNamingTheAddressAndWhatToDo(String serverAtAddress, List<String> args) {
        String setting = serverAtAddress.startsWith("ClickHouse")
                ? "clickhouse.url"
                : serverAtAddress.startsWith("Redis") ? "redis.uri" : "kafka.bootstrap-server";
        assertOneLineNamingTheServer(run(Map.of(), args), serverAtAddress, setting);
    }

    @Test
    void theAddressIsShownWithoutItsPassword() {
        Run run = run(Map.of(), List.of("spend", "--clickhouse-url", "http://admin:Secret123@127.0.0.1:1"));
        assertOneLineNamingTheServer(run, "ClickHouse at http://admin:****@127.0.0.1:1", "clickhouse.url");
        assertFalse(run.err().contains("Secret123"), run.describe());
    }

    @Test
    void aClickHouseUrlFromTheEnvironmentIsNamedToo() {
        Run run = run(Map.of("SOMACTL_CLICKHOUSE_URL", CLICKHOUSE), List.of("spend", "-o", "csv"));
        assertOneLineNamingTheServer(run, "ClickHouse at " + CLICKHOUSE, "clickhouse.url");
    }

    @Test
    void anAlertmanagerThatIsNotThereIsNamedWithWhatToDo() {
        // the probe's own exit code is the Nagios state; the push failure is its one error line
        Run run = run(
                Map.of(
                        "SOMACTL_ALERTMANAGER_URL",
                        "http://127.0.0.1:1",
                        "SOMACTL_PROMETHEUS_URL",
                        "http://127.0.0.1:1"),
                List.of("alerts", "probe", "--rule", "TelemetryWorkerDown", "--push"));
        List<String> errors =
                run.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), run.describe());
        assertTrue(
                errors.get(0)
                        .startsWith(
                                "error: --push: cannot reach Alertmanager at http://127.0.0.1:1/ (connection refused"),
                run.describe());
        assertTrue(errors.get(0).contains("alertmanager.url"), run.describe());
        assertTrue(
                run.out().contains("Prometheus at http://127.0.0.1:1/")
                        || run.out().contains("prometheus at http://127.0.0.1:1/"),
                "the rule's evidence names Prometheus' address: " + run.describe());
    }
}
