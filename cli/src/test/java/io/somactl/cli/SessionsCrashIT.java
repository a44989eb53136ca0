package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Expected;
import io.somactl.core.testing.PostgresFixture;
import io.somactl.core.testing.SessionTotals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code somactl ingest} with postgres.url set, as its own process, killed with SIGKILL mid-batch three
 * times: whether a kill lands before the ClickHouse insert, between it and the Postgres commit, or after,
 * the restarted worker leaves every Postgres session and call total equal to ClickHouse's (nothing twice,
 * nothing lost), with ClickHouse itself exactly once as before.
 */
@Tag("stack")
class SessionsCrashIT {
    private static final int KILLS = 3;

    @TempDir
    Path home;

    @Test
    void killingIngestMidBatchLeavesThePostgresSessionsEqualToClickHouse() throws Exception {
        IngestFixture fixture = new IngestFixture("sessionkill");
        try (PostgresFixture pg = new PostgresFixture(fixture.stack, fixture.database)) {
            Expected expected = fixture.produce(IngestFixture.trace(60_000));
            Random random = new Random(20261202);
            int kills = 0;
            int aheadOfPostgres = 0;
            long before = 0;
            while (kills < KILLS) {
                Process worker = start(fixture, "run-" + kills);
                long progressed = IngestProcess.waitForMoreRows(fixture, before, worker);
                if (progressed < 0) {
                    break;
                }
                Thread.sleep(random.nextInt(400));
                worker.destroyForcibly(); // SIGKILL on Linux
                assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "the killed worker did not die");
                assertEquals(137, worker.exitValue(), "the worker should have died of SIGKILL");
                kills++;
                before = progressed;
                // Did this kill land between an insert and its Postgres commit? (reported, not required)
                long applied = Long.parseLong(
                        pg.rows("SELECT coalesce(sum(applied_offset + 1), 0) FROM ${schema}.applied_offsets")
                                .get(0)
                                .get(0));
                if (stored(fixture) > applied) {
                    aheadOfPostgres++;
                }
            }
            assertEquals(KILLS, kills, "ingest finished before the worker could be killed " + KILLS + " times");
            System.err.println("SessionsCrashIT: " + aheadOfPostgres + " of " + KILLS
                    + " kills left ClickHouse holding rows Postgres had not applied");

            Process last = start(fixture, "final");
            assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the final ingest did not finish within 5 minutes");
            assertEquals(
                    0, last.exitValue(), "the final ingest failed: " + Files.readString(home.resolve("final.log")));

            for (Topic topic : Topic.values()) {
                long produced = expected.events.getOrDefault(topic, 0L);
                assertEquals(produced, fixture.count(topic), topic + ": rows differ from events produced");
                assertEquals(
                        produced, fixture.distinctOffsets(topic), topic + ": an offset is stored twice or missing");
            }
            int sessions = SessionTotals.assertPostgresEqualsClickHouse(fixture.clickHouse, pg);
            assertTrue(sessions > 1_000, "60,000 trace events should make many sessions: " + sessions);
        }
    }

    /** Rows in ClickHouse, one per stored offset of every topic (the sum the applied offsets + 1 reach when caught up). */
    private static long stored(IngestFixture fixture) {
        long rows = 0;
        for (Topic topic : Topic.values()) {
            rows += fixture.count(topic);
        }
        return rows;
    }

    private Process start(IngestFixture fixture, String name) throws Exception {
        return IngestProcess.start(
                fixture,
                home,
                name,
                List.of(
                        "--until-caught-up",
                        "--group",
                        "crash-" + fixture.name,
                        "--batch-size",
                        "3000",
                        "--linger-ms",
                        "200",
                        "--retry-backoff-ms",
                        "200",
                        "--command-property",
                        "group.instance.id=sessions-crash-worker",
                        "--command-property",
                        "session.timeout.ms=10000"),
                Map.of("SOMACTL_POSTGRES_URL", PostgresFixture.url(fixture.stack)));
    }
}
