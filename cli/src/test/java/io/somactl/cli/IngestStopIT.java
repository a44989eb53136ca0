package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Expected;
import io.somactl.core.testing.UsageReconciliation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker as its own process, stopped the way service managers and people stop it: SIGTERM
 * and SIGINT store and commit the batch in progress and exit 0; and a worker with an
 * {@code --instance-id}, killed and restarted, takes its partitions back without waiting for the
 * session timeout.
 */
@Tag("stack")
class IngestStopIT {
    @TempDir
    Path home;

    @Test
    void sigtermAndSigintStoreAndCommitTheBatchInProgressAndExitZero() throws Exception {
        IngestFixture fixture = new IngestFixture("sigterm");
        Expected expected = fixture.produce(IngestFixture.trace(150_000));
        String group = "stop-" + fixture.name;
        long before = 0;
        for (String signal : List.of("TERM", "INT")) {
            Process worker = startIngest(fixture, group, signal, List.of());
            if (signal.equals("INT")) {
                Assumptions.assumeFalse(
                        ignoresSigint(worker),
                        "this test's JVM was started with SIGINT ignored"
                                + " (a background job without job control), so its children cannot receive Ctrl-C");
            }
            before = waitForMoreRows(fixture, before, worker);
            new ProcessBuilder("kill", "-" + signal, String.valueOf(worker.pid()))
                    .start()
                    .waitFor();
            assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "the worker did not stop within 60 s of SIG" + signal);
            String log = Files.readString(home.resolve(signal + ".log"));
            assertEquals(0, worker.exitValue(), "SIG" + signal + " is a requested stop and must exit 0; log:\n" + log);
            assertTrue(log.contains("stopping"), "the worker should say it is stopping: " + log);
            assertStoredIsExactlyTheCommitted(fixture, group, "after SIG" + signal);
            UsageReconciliation.assertRedisAgrees(fixture);
            before = fixture.count(Topic.SLM_METRICS);
        }
        assertTrue(
                fixture.count(Topic.SLM_METRICS) < expected.events.get(Topic.SLM_METRICS),
                "both stops should have come before the end of the stream");

        Process last = startIngest(fixture, group, "final", List.of("--until-caught-up"));
        assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the final ingest did not finish within 5 minutes");
        assertEquals(0, last.exitValue(), "the final ingest failed: " + Files.readString(home.resolve("final.log")));
        for (Topic topic : Topic.values()) {
            long produced = expected.events.getOrDefault(topic, 0L);
            assertEquals(produced, fixture.count(topic), topic + ": rows differ from events produced after two stops");
            assertEquals(produced, fixture.distinctOffsets(topic), topic + ": an offset is stored twice or missing");
        }
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    @Test
    void aKilledWorkerRestartedWithItsInstanceIdGetsItsPartitionsBackBeforeTheSessionTimeout() throws Exception {
        IngestFixture fixture = new IngestFixture("instanceid");
        fixture.produce(IngestFixture.trace(150_000));
        String group = "static-" + fixture.name;
        List<String> instance = List.of("--instance-id", "worker-1");
        Process first = startIngest(fixture, group, "first", instance);
        long stored = waitForMoreRows(fixture, 0, first);
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the killed worker did not die");
        long killedAt = System.nanoTime();

        Process second = startIngest(fixture, group, "second", instance);
        long more = waitForMoreRows(fixture, fixture.count(Topic.SLM_METRICS), second);
        Duration back = Duration.ofNanos(System.nanoTime() - killedAt);
        second.destroyForcibly();
        second.waitFor(30, TimeUnit.SECONDS);

        assertTrue(more > stored, "the restarted worker stored nothing");
        assertTrue(
                back.toSeconds() < 30,
                "the restarted worker with the same --instance-id took " + back.toSeconds()
                        + " s to store again; without waiting for the 45 s session timeout it should take a few seconds; log:\n"
                        + Files.readString(home.resolve("second.log")));
        String log = Files.readString(home.resolve("first.log"));
        assertTrue(log.contains("static member worker-1"), "the start-up line should name the static member: " + log);
    }

    /** Every partition's rows are exactly the offsets below its commit: nothing lost, nothing twice, nothing uncommitted. */
    private static void assertStoredIsExactlyTheCommitted(IngestFixture fixture, String group, String when) {
        Map<TopicPartition, Long> committed = committed(fixture, group);
        long rows = 0;
        for (Topic topic : Topic.values()) {
            Map<Integer, List<String>> stored = new HashMap<>();
            for (List<String> row :
                    fixture.clickHouse.select("SELECT _partition, count(), uniqExact(_offset), max(_offset)" + " FROM "
                            + topic.table() + " GROUP BY _partition")) {
                stored.put(Integer.parseInt(row.get(0)), row);
            }
            for (int partition = 0; partition < 6; partition++) {
                long commit = committed.getOrDefault(new TopicPartition(fixture.topics.of(topic), partition), 0L);
                List<String> row = stored.get(partition);
                long count = row == null ? 0 : Long.parseLong(row.get(1));
                String where = when + ", " + topic + " partition " + partition + " committed up to " + commit + ": ";
                assertEquals(commit, count, where + "rows stored differ from offsets committed");
                if (row != null) {
                    assertEquals(count, Long.parseLong(row.get(2)), where + "an offset is stored twice");
                    assertEquals(commit - 1, Long.parseLong(row.get(3)), where + "a row past the commit is stored");
                }
                rows += count;
            }
        }
        assertTrue(rows > 0, when + ": nothing was stored");
    }

    private static Map<TopicPartition, Long> committed(IngestFixture fixture, String group) {
        Properties config = fixture.kafka().clientConfig();
        config.put("group.id", group);
        Set<TopicPartition> partitions = new HashSet<>();
        for (Topic topic : Topic.values()) {
            for (int partition = 0; partition < 6; partition++) {
                partitions.add(new TopicPartition(fixture.topics.of(topic), partition));
            }
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, OffsetAndMetadata> commits = consumer.committed(partitions, Duration.ofSeconds(30));
            commits.forEach((partition, commit) -> {
                if (commit != null) {
                    offsets.put(partition, commit.offset());
                }
            });
        }
        return offsets;
    }

    private static boolean ignoresSigint(Process process) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0x2) != 0;
            }
        }
        return false;
    }

    private Process startIngest(IngestFixture fixture, String group, String name, List<String> extra) throws Exception {
        List<String> arguments = new ArrayList<>(
                List.of("--group", group, "--batch-size", "2000", "--linger-ms", "200", "--retry-backoff-ms", "200"));
        arguments.addAll(extra);
        return IngestProcess.start(fixture, home, name, arguments);
    }

    /** Waits until ClickHouse holds more slm rows than {@code before}; fails if the worker exits first. */
    private long waitForMoreRows(IngestFixture fixture, long before, Process worker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            long rows;
            try {
                rows = fixture.count(Topic.SLM_METRICS);
            } catch (io.somactl.core.ServerUnreachableException restarting) {
                Thread.sleep(
                        500); // the shared ClickHouse restarts in another test now and then; the worker retries too
                continue;
            }
            if (rows > before) {
                return rows;
            }
            assertTrue(
                    worker.isAlive(),
                    "the worker exited before storing anything new (exit "
                            + (worker.isAlive() ? "" : worker.exitValue()) + ")");
            Thread.sleep(25);
        }
        throw new AssertionError("the worker stored nothing new within 2 minutes");
    }
}
