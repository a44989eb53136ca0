package io.somactl.core.testing;

import io.somactl.core.Secret;
import io.somactl.core.clickhouse.ClickHouseSettings;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.kafka.KafkaSettings;
import io.somactl.core.redis.RedisSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real local stack for integration tests: started once per test JVM through the project's own
 * {@code stack/up} (idempotent, so a running stack is reused), addressed through {@code stack/ports.env}.
 */
public final class LocalStack {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static LocalStack running;

    private final Path root;
    private final Map<String, String> ports;

    private LocalStack(Path root, Map<String, String> ports) {
        this.root = root;
        this.ports = ports;
    }

    /** The stack if a test of this JVM has started it, without starting it. */
    static synchronized LocalStack ifUp() {
        return running;
    }

    public static synchronized LocalStack ensureUp() {
        if (running == null) {
            Path root = projectRoot();
            runStackScript(root, "up");
            running = new LocalStack(root, readPorts(root.resolve("stack/ports.env")));
            TestLeftovers.removeThoseOfDeadJvms(running);
        }
        return running;
    }

    /** The repository root: from surefire's {@code somactl.projectRoot}, else the nearest folder with stack/. */
    public static Path projectRoot() {
        String configured = System.getProperty("somactl.projectRoot");
        if (configured != null && Files.isDirectory(Path.of(configured, "stack"))) {
            return Path.of(configured).toAbsolutePath();
        }
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.isDirectory(here.resolve("stack"))) {
            here = here.getParent();
        }
        if (here == null) {
            throw new IllegalStateException("cannot find the somactl repository (a folder with stack/) above "
                    + Path.of("").toAbsolutePath());
        }
        return here;
    }

    /** Runs {@code stack/SCRIPT ARGS…}, e.g. {@code restart clickhouse}, and fails the test if it fails. */
    public static void runStackScript(Path root, String script, String... arguments) {
        List<String> command = new java.util.ArrayList<>(
                List.of(root.resolve("stack").resolve(script).toString()));
        command.addAll(List.of(arguments));
        try {
            Path log = Files.createTempFile("somactl-stack-" + script, ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "stack/" + script + " " + String.join(" ", arguments) + " failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run stack/" + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running stack/" + script, e);
        }
    }

    public void run(String script, String... arguments) {
        runStackScript(root, script, arguments);
    }

    private static Map<String, String> readPorts(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String text = line.strip();
                int equals = text.indexOf('=');
                if (!text.isEmpty() && !text.startsWith("#") && equals > 0) {
                    values.put(
                            text.substring(0, equals).strip(),
                            text.substring(equals + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return values;
    }

    public Path root() {
        return root;
    }

    public String port(String name) {
        String value = ports.get(name);
        if (value == null) {
            throw new IllegalStateException("stack/ports.env has no " + name);
        }
        return value;
    }

    /** Prometheus's base URL (stack/up starts it on SOMACTL_PROMETHEUS_PORT). */
    public java.net.URI prometheusUrl() {
        return java.net.URI.create("http://127.0.0.1:" + port("SOMACTL_PROMETHEUS_PORT"));
    }

    /** Alertmanager's base URL (SOMACTL_ALERTMANAGER_PORT). */
    public java.net.URI alertmanagerUrl() {
        return java.net.URI.create("http://127.0.0.1:" + port("SOMACTL_ALERTMANAGER_PORT"));
    }

    /** The stack's runtime directory: SOMACTL_STACK_DIR, else {@code <repo>/.stack} (as stack/lib.sh decides). */
    public Path stackDir() {
        String configured = System.getenv("SOMACTL_STACK_DIR");
        return configured == null || configured.isBlank()
                ? root.resolve(".stack")
                : Path.of(configured).toAbsolutePath();
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + port("SOMACTL_KAFKA_PORT");
    }

    public URI clickHouseUrl() {
        return URI.create("http://127.0.0.1:" + port("SOMACTL_CLICKHOUSE_HTTP_PORT"));
    }

    public String redisUri() {
        return "redis://127.0.0.1:" + port("SOMACTL_REDIS_PORT");
    }

    public KafkaSettings kafka() {
        return new KafkaSettings(kafkaBootstrap(), Map.of(), Duration.ofSeconds(20));
    }

    public RedisSettings redis(String keyPrefix) {
        return new RedisSettings(redisUri(), Secret.none(), keyPrefix, Duration.ofSeconds(5));
    }

    public ClickHouseSettings clickHouse(String database) {
        return new ClickHouseSettings(clickHouseUrl(), "default", Secret.none(), database, Duration.ofSeconds(30));
    }

    /**
     * A database name no other test uses, so tests never see each other's rows. The name is also the
     * prefix of the test's Kafka topics and Redis keys; all of them are removed after the test class
     * ({@link DropTestLeftovers}), or by a later run if this JVM dies first ({@link TestLeftovers}).
     */
    public static String freshDatabase(String purpose) {
        String name = "t_" + purpose + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        TestLeftovers.madeByThisJvm(name);
        return name;
    }

    /** A ClickHouse client on a new, empty database that exists. */
    public HttpClickHouse freshClickHouse(String purpose) {
        String database = freshDatabase(purpose);
        HttpClickHouse system = new HttpClickHouse(clickHouse("default"));
        system.execute("CREATE DATABASE " + database);
        return new HttpClickHouse(clickHouse(database));
    }
}
