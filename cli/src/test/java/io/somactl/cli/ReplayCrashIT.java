package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.testing.BundledCatalogs;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Expected;
import io.somactl.core.testing.UsageReconciliation;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code somactl replay --dlq} as its own process, killed with SIGKILL while it stores: whatever
 * moment the kill lands on (mid-insert, between the insert and the Redis recount, before the
 * commit), running it again ends with every event stored once and Redis equal to ClickHouse, as
 * an uninterrupted replay does. The dead letters come from an ingest whose catalog lacked the
 * trace's most used model; the replay prices them with the bundled catalog.
 */
@Tag("stack")
class ReplayCrashIT {
    private static final String MODEL = "soma-slm-8b";

    @TempDir
    Path home;

    @Test
    void aDeadLetterReplayKilledThreeTimesAndRunAgainStoresEachEventOnce() throws Exception {
        IngestFixture fixture = new IngestFixture("replaykill");
        Expected expected = fixture.produce(IngestFixture.trace(30_000));
        Path broken = home.resolve("without-model.yaml");
        Files.writeString(broken, BundledCatalogs.withoutModel(MODEL));
        Process ingest = start(
                fixture,
                "ingest",
                List.of("ingest", "--until-caught-up", "--group", "g-" + fixture.name, "--pricing", broken.toString()));
        assertTrue(ingest.waitFor(5, TimeUnit.MINUTES), "the ingest did not finish");
        assertEquals(0, ingest.exitValue(), Files.readString(home.resolve("ingest.log")));
        long ingested = fixture.count(Topic.SLM_METRICS);
        assertTrue(
                ingested < expected.events.get(Topic.SLM_METRICS) - 1_000,
                "the ingest should have dead-lettered " + MODEL + "'s events, stored " + ingested);

        Random random = new Random(20231116);
        long before = ingested;
        for (int kill = 0; kill < 3; kill++) {
            Process replay =
                    start(fixture, "replay-" + kill, replayArgs(fixture, "--rate", "3000", "--batch-size", "500"));
            long progressed = waitForMoreRows(fixture, before, replay);
            assertTrue(
                    progressed > 0,
                    "the replay finished before it could be killed: "
                            + Files.readString(home.resolve("replay-" + kill + ".log")));
            Thread.sleep(random.nextInt(400));
            replay.destroyForcibly(); // SIGKILL on Linux
            assertTrue(replay.waitFor(30, TimeUnit.SECONDS), "the killed replay did not die");
            assertEquals(137, replay.exitValue(), "the replay should have died of SIGKILL");
            before = progressed;
        }
        Process last = start(fixture, "replay-final", replayArgs(fixture));
        assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the final replay did not finish");
        String log = Files.readString(home.resolve("replay-final.log"));
        assertEquals(0, last.exitValue(), "the final replay failed: " + log);

        for (Topic topic : Topic.values()) {
            long produced = expected.events.getOrDefault(topic, 0L);
            assertEquals(
                    produced,
                    fixture.count(topic),
                    topic + ": rows differ from the events produced after 3 kills\n" + log);
            assertEquals(
                    produced, fixture.distinctOffsets(topic), topic + ": a source record is stored twice or missing");
        }
        assertEquals(expected.inputTokens.get(Topic.SLM_METRICS), fixture.sum(Topic.SLM_METRICS, "input_tokens"));
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    /**
     * {@code replay --file} of an NDJSON.gz archive, killed with SIGKILL three times while it stores
     * (batches in flight, tenants waiting for their recount) and run again, ends with the rows, sums
     * and Redis counters of the same archive replayed once without interruption.
     */
    @Test
    void aFileReplayKilledThreeTimesAndRunAgainEndsAsAnUninterruptedOne() throws Exception {
        Path file = home.resolve("trace.ndjson.gz");
        try (Writer out =
                new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8)) {
            for (TopicEvent event : IngestFixture.trace(30_000)) {
                out.write("{\"topic\":\"" + event.topic().topicName() + "\",\"event\":" + event.json() + "}\n");
            }
        }
        IngestFixture killed = new IngestFixture("replayfilekill");
        Random random = new Random(20231116);
        long before = 0;
        for (int kill = 0; kill < 3; kill++) {
            Process replay = start(
                    killed,
                    "file-" + kill,
                    List.of("replay", "--file", file.toString(), "--rate", "3000", "--batch-size", "500"));
            long progressed = waitForMoreRows(killed, before, replay);
            assertTrue(
                    progressed > 0,
                    "the replay finished before it could be killed: "
                            + Files.readString(home.resolve("file-" + kill + ".log")));
            Thread.sleep(random.nextInt(400));
            replay.destroyForcibly(); // SIGKILL on Linux
            assertTrue(replay.waitFor(30, TimeUnit.SECONDS), "the killed replay did not die");
            assertEquals(137, replay.exitValue(), "the replay should have died of SIGKILL");
            before = progressed;
        }
        Process last = start(killed, "file-final", List.of("replay", "--file", file.toString()));
        assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the final replay did not finish");
        assertEquals(
                0, last.exitValue(), "the final replay failed: " + Files.readString(home.resolve("file-final.log")));

        IngestFixture whole = new IngestFixture("replayfilewhole");
        Process once = start(whole, "file-once", List.of("replay", "--file", file.toString()));
        assertTrue(once.waitFor(5, TimeUnit.MINUTES), "the uninterrupted replay did not finish");
        assertEquals(
                0,
                once.exitValue(),
                "the uninterrupted replay failed: " + Files.readString(home.resolve("file-once.log")));

        for (Topic topic : Topic.values()) {
            assertEquals(
                    whole.count(topic), killed.count(topic), topic + ": rows differ from an uninterrupted replay's");
            assertEquals(killed.count(topic), killed.distinctOffsets(topic), topic + ": a line is stored twice");
        }
        for (Topic topic : List.of(Topic.SLM_METRICS, Topic.ESCALATION_METRICS, Topic.CONVERSATION_METRICS)) {
            assertEquals(
                    whole.costSum(topic),
                    killed.costSum(topic),
                    topic + ": cost differs from an uninterrupted replay's");
            assertEquals(
                    whole.sum(topic, "input_tokens"),
                    killed.sum(topic, "input_tokens"),
                    topic + ": input tokens differ");
        }
        assertEquals(
                30_000,
                java.util.Arrays.stream(Topic.values()).mapToLong(whole::count).sum(),
                "the uninterrupted replay should store every event");
        UsageReconciliation.assertRedisAgrees(killed);
        UsageReconciliation.assertRedisAgrees(whole);
    }

    private List<String> replayArgs(IngestFixture fixture, String... more) {
        List<String> args = new ArrayList<>(
                List.of("replay", "--dlq", "--group", "r-" + fixture.name, "--ingest-group", "g-" + fixture.name));
        args.addAll(List.of(more));
        return args;
    }

    private Process start(IngestFixture fixture, String name, List<String> args) throws Exception {
        return SomactlProcess.start(fixture, home, name, args);
    }

    /** Waits until ClickHouse holds more rows than {@code before}; -1 if the process exited first. */
    private static long waitForMoreRows(IngestFixture fixture, long before, Process process)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            long rows = fixture.count(Topic.SLM_METRICS);
            if (rows > before) {
                return rows;
            }
            if (!process.isAlive()) {
                return -1;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the replay stored nothing new within 2 minutes");
    }
}
