package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.testing.LocalStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Addresses may carry passwords ({@code http://default:PW@…}, {@code redis://:PW@…}, a Kafka host list
 * {@code user:PW@…}); README promises secrets are never printed. Every command that shows an address
 * (config view, config get-contexts, doctor) in every output format, and commands failing against
 * servers that do not answer, with and without --verbose, are run against the real stack and
 * unreachable ports, and nothing they print may contain a password.
 */
@Tag("stack")
class NoPasswordInOutputIT {
    private static final String CLICKHOUSE_PASSWORD = "ChPw-7f3a";
    private static final String REDIS_PASSWORD = "RedisPw-91c2";
    private static final String REDIS_LONE_PASSWORD = "RedisLone-5d0e";
    private static final String KAFKA_PASSWORD = "KafkaPw-2b8d";
    private static final String POSTGRES_PASSWORD = "PgPw-44e1";
    private static final List<String> PASSWORDS =
            List.of(CLICKHOUSE_PASSWORD, REDIS_PASSWORD, REDIS_LONE_PASSWORD, KAFKA_PASSWORD, POSTGRES_PASSWORD);
    private static final List<String> FORMATS = List.of("table", "json", "yaml", "csv");
    private final LocalStack stack = LocalStack.ensureUp();

    @TempDir
    Path home;

    private Map<String, String> environment(String clickHousePort, String redisPort, String kafkaPort) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.toString());
        env.put("SOMACTL_CLICKHOUSE_URL", "http://default:" + CLICKHOUSE_PASSWORD + "@127.0.0.1:" + clickHousePort);
        env.put("SOMACTL_REDIS_URI", "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + redisPort);
        env.put("SOMACTL_KAFKA_BOOTSTRAP_SERVER", "somactl:" + KAFKA_PASSWORD + "@127.0.0.1:" + kafkaPort);
        // the stack's Postgres with a wrong password (refused), or nothing at port 1
        env.put(
                "SOMACTL_POSTGRES_URL",
                "postgresql://somactl:" + POSTGRES_PASSWORD + "@127.0.0.1:"
                        + (clickHousePort.equals("1") ? "1" : stack.port("SOMACTL_POSTGRES_PORT")) + "/somactl");
        env.put("SOMACTL_TIMEOUT", "3s");
        return env;
    }

    private Map<String, String> reachable() {
        return environment(
                stack.port("SOMACTL_CLICKHOUSE_HTTP_PORT"),
                stack.port("SOMACTL_REDIS_PORT"),
                stack.port("SOMACTL_KAFKA_PORT"));
    }

    private static void assertNoPassword(Run run, String what) {
        for (String password : PASSWORDS) {
            assertFalse(
                    run.out().contains(password) || run.err().contains(password),
                    what + " printed a password (" + password + ")\n" + run.describe());
        }
    }

    @Test
    void configViewAndGetContextsShowAddressesWithoutTheirPasswords() {
        Map<String, String> env = reachable();
        Run set = Run.of(
                env,
                "config",
                "set-context",
                "prod",
                "--set",
                "clickhouse.url=https://somactl:" + CLICKHOUSE_PASSWORD + "@ch.prod:8443",
                "--set",
                "redis.uri=redis://" + REDIS_LONE_PASSWORD + "@redis.prod:6379",
                "--set",
                "kafka.bootstrap-server=SASL_SSL://somactl:" + KAFKA_PASSWORD + "@k1.prod:9092,somactl:"
                        + KAFKA_PASSWORD + "@k2.prod:9092");
        assertEquals(0, set.exitCode(), set.describe());
        assertNoPassword(set, "config set-context");
        assertTrue(
                set.err()
                        .contains(
                                "warning: clickhouse.url holds a password, which config.yaml keeps in clear text; put it in "
                                        + "clickhouse.password instead"),
                "a password in an address earns a warning\n" + set.describe());
        for (String format : FORMATS) {
            Run view = Run.of(env, "config", "view", "-o", format);
            assertEquals(0, view.exitCode(), view.describe());
            assertNoPassword(view, "config view -o " + format);
            assertTrue(
                    view.out().contains("http://default:****@127.0.0.1:"),
                    "the user and host stay, the password is masked\n" + view.describe());

            Run prod = Run.of(
                    Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.toString()),
                    "config",
                    "view",
                    "--context",
                    "prod",
                    "-o",
                    format);
            assertEquals(0, prod.exitCode(), prod.describe());
            assertNoPassword(prod, "config view --context prod -o " + format);
            assertTrue(prod.out().contains("redis://****@redis.prod:6379"), prod.describe());

            Run contexts = Run.of(env, "config", "get-contexts", "-o", format);
            assertEquals(0, contexts.exitCode(), contexts.describe());
            assertNoPassword(contexts, "config get-contexts -o " + format);
            assertTrue(contexts.out().contains("https://somactl:****@ch.prod:8443"), contexts.describe());
        }
    }

    @Test
    void doctorShowsNoPasswordWhetherTheServersAnswerOrNot() {
        List<Map<String, String>> environments = List.of(reachable(), environment("1", "1", "1"));
        for (Map<String, String> env : environments) {
            for (String format : FORMATS) {
                Run doctor = Run.of(env, "doctor", "-o", format);
                assertEquals(
                        1,
                        doctor.exitCode(),
                        "Kafka cannot take a host list with a password, so it is down\n" + doctor.describe());
                assertNoPassword(
                        doctor,
                        "doctor -o " + format + " (ClickHouse at "
                                + env.get("SOMACTL_CLICKHOUSE_URL").replaceAll(":[^:@]*@", ":…@") + ")");
            }
        }
        Run up = Run.of(reachable(), "doctor");
        assertTrue(
                up.out()
                        .lines()
                        .anyMatch(l -> l.startsWith("clickhouse")
                                && l.contains("http://default:****@127.0.0.1:")
                                && l.contains(" up ")),
                "ClickHouse answers, and its address is shown masked\n" + up.describe());
        assertTrue(
                up.out()
                        .lines()
                        .anyMatch(l ->
                                l.startsWith("redis") && l.contains("redis://:****@127.0.0.1:") && l.contains(" up ")),
                up.describe());
        assertTrue(
                up.out()
                        .lines()
                        .anyMatch(l -> l.startsWith("postgres")
                                && l.contains("postgresql://somactl@127.0.0.1:")
                                && l.contains(" down ")),
                "Postgres refuses the wrong password, and its address is shown without it\n" + up.describe());
    }

    @Test
    void commandsFailingAgainstServersThatDoNotAnswerShowNoPassword() {
        Map<String, String> env = environment("1", "1", "1");
        Map<String, String> loneRedis = new HashMap<>(env);
        loneRedis.put("SOMACTL_REDIS_URI", "redis://" + REDIS_LONE_PASSWORD + "@127.0.0.1:1");
        List<List<String>> commands = List.of(
                List.of("schema", "status"),
                List.of("export", "billing", "--period", "2026-11"),
                List.of("spend"),
                List.of("budget", "show", "acme"),
                List.of("budget", "check", "--tenant", "acme", "--tokens", "1"),
                List.of("topics", "create"),
                List.of("emit", "/dev/null"),
                List.of("sessions", "list"),
                List.of("escalations", "list"),
                List.of(
                        "schema",
                        "status",
                        "--clickhouse-url",
                        "ftp://default:" + CLICKHOUSE_PASSWORD + "@127.0.0.1:1"));
        for (Map<String, String> e : List.of(env, loneRedis)) {
            for (List<String> command : commands) {
                for (boolean verbose : new boolean[] {false, true}) {
                    List<String> args = new ArrayList<>(command);
                    if (verbose) {
                        args.add("--verbose");
                    }
                    Run run = Run.of(e, args.toArray(String[]::new));
                    assertTrue(run.exitCode() != 0, String.join(" ", args) + " cannot succeed\n" + run.describe());
                    assertNoPassword(run, String.join(" ", args));
                }
            }
        }
    }

    @Test
    void anIngestWorkerWhoseClickHouseDoesNotAnswerLogsNoPassword() {
        Map<String, String> env = environment("1", stack.port("SOMACTL_REDIS_PORT"), stack.port("SOMACTL_KAFKA_PORT"));
        env.put(
                "SOMACTL_KAFKA_BOOTSTRAP_SERVER",
                stack.kafkaBootstrap()); // Kafka answers; ClickHouse (with a password) does not
        Run ingest = Run.of(
                env,
                "ingest",
                "--until-caught-up",
                "--give-up-after",
                "3s",
                "--retry-backoff-ms",
                "200",
                "--topics",
                "slm.metrics",
                "--group",
                "somactl-redaction-it-" + ProcessHandle.current().pid(),
                "--database",
                "no_such_db_redaction");
        assertTrue(ingest.exitCode() != 0, ingest.describe());
        assertTrue(
                ingest.err().contains("127.0.0.1:1"),
                "the address is shown, without its password\n" + ingest.describe());
        assertNoPassword(ingest, "ingest");
    }
}
