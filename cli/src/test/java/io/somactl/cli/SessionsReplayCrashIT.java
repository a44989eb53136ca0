package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.testing.BundledCatalogs;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Expected;
import io.somactl.core.testing.PostgresFixture;
import io.somactl.core.testing.SessionTotals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka {@code replay} killed with SIGKILL between its ClickHouse insert and its PostgreSQL commit:
 * the rows it added lie below the ingest watermark, so the replay run again finds them already
 * stored; the mark the killed replay wrote before its insert makes the next run bring those
 * sessions up to date. The kill lands exactly there: this test holds a lock on
 * {@code applied_offsets}, so the replay's session transaction waits after the insert until killed.
 */
@Tag("stack")
class SessionsReplayCrashIT {
    private static final String MODEL = "soma-slm-8b";

    @TempDir
    Path home;

    @Test
    void aReplayKilledAfterItsInsertBeforeItsPostgresCommitLeavesNoSessionBehind() throws Exception {
        IngestFixture fixture = new IngestFixture("replaysessionkill");
        Expected expected = fixture.produce(IngestFixture.trace(5_000));
        Map<String, String> env = environment(fixture);
        Path broken = home.resolve("without-model.yaml");
        Files.writeString(broken, BundledCatalogs.withoutModel(MODEL));
        PostgresFixture pg = null;
        try {
            Run apply = Run.of(env, "schema", "apply");
            assertEquals(0, apply.exitCode(), apply.describe());
            pg = new PostgresFixture(fixture.stack, fixture.database);
            Run ingest = Run.of(
                    env, "ingest", "--until-caught-up", "--group", "g-" + fixture.name, "--pricing", broken.toString());
            assertEquals(0, ingest.exitCode(), ingest.describe());
            long ingested = fixture.count(Topic.SLM_METRICS);
            assertTrue(
                    ingested < expected.events.get(Topic.SLM_METRICS) - 100,
                    "the ingest should have dead-lettered " + MODEL + "'s events, stored " + ingested);
            SessionTotals.assertPostgresEqualsClickHouse(fixture.clickHouse, pg);

            Process replay;
            try (Connection blocker = pg.postgres.connect();
                    Statement s = blocker.createStatement()) {
                s.execute("LOCK TABLE \"" + pg.schema + "\".applied_offsets IN EXCLUSIVE MODE");
                replay = SomactlProcess.start(fixture, home, "replay-killed", replayArgs(fixture), env);
                waitForMoreRows(fixture, ingested, replay);
                waitUntilWaitingOnTheLock(blocker, pg.schema, replay);
                replay.destroyForcibly(); // SIGKILL on Linux, while its session transaction waits
                assertTrue(replay.waitFor(30, TimeUnit.SECONDS), "the killed replay did not die");
                blocker.rollback();
            }
            assertEquals(137, replay.exitValue(), "the replay should have died of SIGKILL");
            assertTrue(fixture.count(Topic.SLM_METRICS) > ingested, "the killed replay's batch is in ClickHouse");
            assertEquals(
                    "1",
                    pg.rows("SELECT count(DISTINCT mark) FROM ${schema}.replay_marks")
                            .get(0)
                            .get(0),
                    "the killed replay's batch is marked");
            PostgresFixture stale = pg;
            assertThrows(
                    AssertionError.class,
                    () -> SessionTotals.assertPostgresEqualsClickHouse(fixture.clickHouse, stale),
                    "the kill should leave the batch's sessions behind ClickHouse");

            Process again = SomactlProcess.start(fixture, home, "replay-again", replayArgs(fixture), env);
            assertTrue(again.waitFor(5, TimeUnit.MINUTES), "the replay run again did not finish");
            String log = Files.readString(home.resolve("replay-again.log"));
            assertEquals(0, again.exitValue(), log);
            assertTrue(
                    log.contains("brought the sessions of 1 batches an interrupted replay left marked up to date"),
                    log);
            assertEquals(expected.events.get(Topic.SLM_METRICS), fixture.count(Topic.SLM_METRICS), log);
            int sessions = SessionTotals.assertPostgresEqualsClickHouse(fixture.clickHouse, pg);
            assertTrue(sessions > 100, "sessions compared: " + sessions);
            assertEquals(
                    "0",
                    pg.rows("SELECT count(*) FROM ${schema}.replay_marks")
                            .get(0)
                            .get(0),
                    "no mark left");
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    /**
     * One batch holds every dead letter, so the run after the kill finds all of them stored and inserts
     * nothing: only the mark can bring their sessions up to date (smaller batches would recompute most
     * of those sessions anyway, through the later batches' rows of the same sessions).
     */
    private static List<String> replayArgs(IngestFixture fixture) {
        return List.of(
                "replay",
                "--dlq",
                "--group",
                "r-" + fixture.name,
                "--ingest-group",
                "g-" + fixture.name,
                "--batch-size",
                "100000");
    }

    private static void waitForMoreRows(IngestFixture fixture, long before, Process process)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (fixture.count(Topic.SLM_METRICS) > before) {
                return;
            }
            assertTrue(process.isAlive(), "the replay exited before it inserted anything");
            Thread.sleep(25);
        }
        throw new AssertionError("the replay stored nothing within 2 minutes");
    }

    /** Until another backend waits for a lock on applied_offsets (the replay's session transaction, after its insert). */
    private static void waitUntilWaitingOnTheLock(Connection blocker, String schema, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement s = blocker.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = '\""
                            + schema + "\".applied_offsets'::regclass")) {
                r.next();
                if (r.getLong(1) > 0) {
                    return;
                }
            }
            assertTrue(process.isAlive(), "the replay exited while it should wait on the lock");
            Thread.sleep(25);
        }
        throw new AssertionError("the replay never waited for applied_offsets");
    }

    private Map<String, String> environment(IngestFixture fixture) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("SOMACTL_KAFKA_BOOTSTRAP_SERVER", fixture.stack.kafkaBootstrap());
        env.put("SOMACTL_KAFKA_TOPIC_PREFIX", fixture.topics.prefix());
        env.put("SOMACTL_CLICKHOUSE_URL", fixture.stack.clickHouseUrl().toString());
        env.put("SOMACTL_CLICKHOUSE_DATABASE", fixture.database);
        env.put("SOMACTL_REDIS_URI", fixture.stack.redisUri());
        env.put("SOMACTL_REDIS_KEY_PREFIX", fixture.redisPrefix);
        env.put("SOMACTL_POSTGRES_URL", PostgresFixture.url(fixture.stack));
        return env;
    }
}
