package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Expected;
import io.somactl.core.testing.UsageReconciliation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker as its own process, killed with SIGKILL while it ingests: whatever moment the kill
 * lands on (mid-insert, between insert and Redis, between Redis and the commit), the restarted
 * worker must leave ClickHouse and Redis exactly as if it had never been killed.
 */
@Tag("stack")
class IngestCrashIT {
    private static final int KILLS = 5;

    @TempDir
    Path home;

    @Test
    void killingTheWorkerFiveTimesDuringA200kIngestLosesAndDuplicatesNothing() throws Exception {
        IngestFixture fixture = new IngestFixture("sigkill");
        Expected expected = fixture.produce(IngestFixture.trace(200_000));
        Random random = new Random(20231116);
        int kills = 0;
        long before = 0;
        while (kills < KILLS) {
            Process worker = startIngest(fixture, "run-" + kills);
            long progressed = IngestProcess.waitForMoreRows(fixture, before, worker);
            if (progressed < 0) {
                break; // it finished before we could kill it: the final run below finds nothing left
            }
            Thread.sleep(random.nextInt(600));
            worker.destroyForcibly(); // SIGKILL on Linux
            assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "the killed worker did not die");
            assertEquals(137, worker.exitValue(), "the worker should have died of SIGKILL");
            kills++;
            before = progressed;
        }
        assertEquals(KILLS, kills, "ingest finished before the worker could be killed " + KILLS + " times");

        Process last = startIngest(fixture, "final");
        assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the final ingest did not finish within 5 minutes");
        assertEquals(0, last.exitValue(), "the final ingest failed: " + Files.readString(home.resolve("final.log")));

        for (Topic topic : Topic.values()) {
            long produced = expected.events.getOrDefault(topic, 0L);
            assertEquals(
                    produced,
                    fixture.count(topic),
                    topic + ": rows differ from events produced after " + KILLS + " kills");
            assertEquals(produced, fixture.distinctOffsets(topic), topic + ": an offset is stored twice or missing");
        }
        assertEquals(expected.inputTokens.get(Topic.SLM_METRICS), fixture.sum(Topic.SLM_METRICS, "input_tokens"));
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    @Test
    void eventsSentAgainAroundWorkerKillsAreStoredAndBilledOnce() throws Exception {
        IngestFixture fixture = new IngestFixture("sigkilldupes");
        List<TopicEvent> events = IngestFixture.trace(40_000);
        Expected expected = new Expected();
        events.forEach(e -> expected.add(e.topic(), e.json()));
        fixture.produce(events);
        long before = 0;
        for (int kill = 0; kill < 2; kill++) {
            Process worker = startIngest(fixture, "dupes-" + kill);
            long progressed = IngestProcess.waitForMoreRows(fixture, before, worker);
            Thread.sleep(new Random(20231116 + kill).nextInt(400));
            worker.destroyForcibly(); // SIGKILL on Linux
            assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "the killed worker did not die");
            before = Math.max(before, progressed);
            // A producer retries events at new offsets: some its worker stored already, some not yet.
            fixture.produce(events.subList(kill * 10_000, kill * 10_000 + 3_000));
        }
        fixture.produce(events.subList(30_000, 31_000));

        Process last = startIngest(fixture, "dupes-final");
        assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the final ingest did not finish within 5 minutes");
        String log = Files.readString(home.resolve("dupes-final.log"));
        assertEquals(0, last.exitValue(), "the final ingest failed: " + log);

        for (Topic topic : Topic.values()) {
            long distinct = expected.events.getOrDefault(topic, 0L);
            assertEquals(distinct, fixture.count(topic), topic + ": rows differ from the distinct events sent");
            assertEquals(
                    distinct,
                    Long.parseLong(
                            fixture.clickHouse.selectValue("SELECT uniqExact(tenant, event_id) FROM " + topic.table())),
                    topic + ": an event id is stored twice");
        }
        assertEquals(expected.inputTokens.get(Topic.SLM_METRICS), fixture.sum(Topic.SLM_METRICS, "input_tokens"));
        UsageReconciliation.assertRedisAgrees(fixture);
        String summary = log.lines()
                .filter(line -> line.contains(" ingest finished "))
                .findFirst()
                .orElse(log);
        java.util.regex.Matcher duplicates =
                java.util.regex.Pattern.compile(" duplicates=(\\d+)").matcher(summary);
        assertTrue(
                duplicates.find() && Long.parseLong(duplicates.group(1)) >= 1_000,
                "the final run's summary should count at least the 1,000 copies sent last as duplicates: " + log);
    }

    private Process startIngest(IngestFixture fixture, String name) throws Exception {
        return IngestProcess.start(
                fixture,
                home,
                name,
                List.of(
                        "--until-caught-up",
                        "--group",
                        "crash-" + fixture.name,
                        "--batch-size",
                        "5000",
                        "--linger-ms",
                        "200",
                        "--retry-backoff-ms",
                        "200",
                        // static membership: a restarted worker takes its partitions back without waiting for the dead
                        // one's session
                        "--command-property",
                        "group.instance.id=crash-worker",
                        "--command-property",
                        "session.timeout.ms=10000"));
    }
}
