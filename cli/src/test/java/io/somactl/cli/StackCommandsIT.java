package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.testing.LocalStack;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The foundation's commands, end to end against the real local stack. */
@Tag("stack")
class StackCommandsIT {
    private final LocalStack stack = LocalStack.ensureUp();
    private final Map<String, String> environment = Map.of(
            "HOME",
            "/nonexistent-home",
            "SOMACTL_KAFKA_BOOTSTRAP_SERVER",
            stack.kafkaBootstrap(),
            "SOMACTL_CLICKHOUSE_URL",
            stack.clickHouseUrl().toString(),
            "SOMACTL_REDIS_URI",
            stack.redisUri());

    private Run run(String... args) {
        return Run.of(environment, args);
    }

    @Test
    void doctorReportsEveryServerOfTheStackUp() {
        Map<String, String> withPostgres = new java.util.HashMap<>(environment);
        withPostgres.put("SOMACTL_POSTGRES_URL", io.somactl.core.testing.PostgresFixture.url(stack));
        Run run = Run.of(withPostgres, "doctor");
        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(7, run.out().lines().count(), "a header and one line per server\n" + run.describe());
        assertTrue(run.out().contains("postgres") && run.out().contains("15."), run.describe());
        assertTrue(run.out().lines().skip(1).allMatch(l -> l.contains(" up ")), run.describe());
        assertTrue(run.out().contains("prometheus") && run.out().contains("2.42"), run.describe());
        assertTrue(run.out().contains("alertmanager") && run.out().contains("0.25"), run.describe());
    }

    @Test
    void doctorShowsAnUnconfiguredPrometheusWithoutFailingAndAConfiguredDeadOneAsDown() {
        Run unset = Run.of(with("SOMACTL_PROMETHEUS_URL", "", "SOMACTL_ALERTMANAGER_URL", ""), "doctor");
        assertEquals(0, unset.exitCode(), unset.describe());
        assertTrue(unset.out().lines().anyMatch(l -> l.matches("prometheus +- +not-configured.*")), unset.describe());
        assertTrue(unset.out().lines().anyMatch(l -> l.matches("alertmanager +- +not-configured.*")), unset.describe());
        Run dead = Run.of(with("SOMACTL_PROMETHEUS_URL", "http://127.0.0.1:1", "SOMACTL_TIMEOUT", "2s"), "doctor");
        assertEquals(1, dead.exitCode(), dead.describe());
        assertTrue(dead.err().contains("prometheus at http://127.0.0.1:1/ is down"), dead.describe());
        assertTrue(
                unset.out().lines().anyMatch(l -> l.matches("postgres +- +not-configured.*")),
                "no postgres.url\n" + unset.describe());
        Run deadPostgres = Run.of(
                with("SOMACTL_POSTGRES_URL", "postgresql://somactl@127.0.0.1:1/somactl", "SOMACTL_TIMEOUT", "2s"),
                "doctor");
        assertEquals(1, deadPostgres.exitCode(), deadPostgres.describe());
        assertTrue(
                deadPostgres.err().contains("postgres at postgresql://somactl@127.0.0.1:1/somactl is down"),
                deadPostgres.describe());
    }

    private Map<String, String> with(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void doctorExitsOneAndSaysWhatToDoWhenAServerIsDown() {
        Run run = run("doctor", "--clickhouse-url", "http://127.0.0.1:1", "--timeout", "2s");
        assertEquals(1, run.exitCode(), run.describe());
        assertTrue(run.err().contains("clickhouse at http://127.0.0.1:1 is down"), run.describe());
        assertTrue(run.err().contains("stack/up"), run.describe());
    }

    @Test
    void schemaApplyTwiceLeavesStatusClean() {
        String database = LocalStack.freshDatabase("cli");
        Run first = run("schema", "apply", "--database", database);
        assertEquals(0, first.exitCode(), first.describe());
        assertTrue(first.err().contains("applying V001__event_tables.sql"), first.describe());
        Run second = run("schema", "apply", "--database", database);
        assertEquals(0, second.exitCode(), second.describe());
        assertTrue(!second.err().contains("applying"), "the second apply must run nothing\n" + second.describe());
        Run status = run("schema", "status", "--database", database, "-o", "csv");
        assertEquals(0, status.exitCode(), status.describe());
        assertTrue(status.out().lines().skip(1).allMatch(l -> l.contains(",applied,")), status.describe());
    }

    @Test
    void schemaStatusOnAnEmptyDatabaseShowsPendingAndExitsOne() {
        Run status = run("schema", "status", "--database", LocalStack.freshDatabase("pending"));
        assertEquals(1, status.exitCode(), status.describe());
        assertTrue(status.out().contains("pending"), status.describe());
    }

    @Test
    void aCommandAgainstAServerThatIsNotThereExitsThreeWithAHint() {
        Run run = run("schema", "status", "--clickhouse-url", "http://127.0.0.1:1", "--timeout", "2s");
        assertEquals(3, run.exitCode(), run.describe());
        assertTrue(
                run.err().startsWith("error: cannot reach ClickHouse at http://127.0.0.1:1 (connection refused)"),
                run.describe());
        assertTrue(run.err().contains("stack/up"), run.describe());
    }

    @Test
    void topicsCreateMakesSixTopicsAndSixDeadLetterTopics() {
        Run run = run("topics", "create", "-o", "csv");
        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(12, run.out().lines().skip(1).count(), run.describe());
        assertEquals(
                6,
                run.out().lines().filter(l -> l.contains(".dlq,dead-letter,")).count(),
                run.describe());
    }
}
