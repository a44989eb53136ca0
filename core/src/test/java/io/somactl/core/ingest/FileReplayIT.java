package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Expected;
import io.somactl.core.testing.UsageReconciliation;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay from NDJSON.gz archives straight into ClickHouse: the file's content is the events'
 * identity, so a file replayed twice is stored once, and events already ingested from Kafka are
 * duplicates by their (tenant, event_id), not billed again. Redis ends equal to ClickHouse.
 */
@Tag("stack")
class FileReplayIT {
    @TempDir
    Path dir;

    @Test
    void aFileReplayedTwiceIsStoredOnceAndCountedInRedisOnce() throws Exception {
        IngestFixture fixture = new IngestFixture("filetwice");
        List<TopicEvent> events = IngestFixture.trace(2_000);
        Path file = write("trace.ndjson.gz", events, 7);

        Replay.Report first = replay(fixture, file);
        assertTrue(first.complete());
        assertEquals(2_000, first.inserted(), "every valid line should be stored");
        assertEquals(7, first.invalid(), "the malformed lines should be counted as invalid");
        assertStored(fixture, expectedOf(events));
        UsageReconciliation.assertRedisAgrees(fixture);
        String slmCost = fixture.costSum(Topic.SLM_METRICS).toPlainString();

        Replay.Report second = replay(fixture, file);
        assertEquals(0, second.inserted(), "a file replayed again was stored again");
        assertEquals(2_000, second.alreadyStored(), "every line should be found stored by the file's identity");
        assertStored(fixture, expectedOf(events));
        assertEquals(slmCost, fixture.costSum(Topic.SLM_METRICS).toPlainString());
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    @Test
    void eventsAlreadyIngestedFromKafkaAreDuplicatesWhenAFileBringsThemAgain() throws Exception {
        IngestFixture fixture = new IngestFixture("filedupes");
        List<TopicEvent> events = IngestFixture.trace(2_000);
        fixture.produce(events.subList(0, 1_500));
        IngestSummary ingest = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 1_000));
        assertTrue(ingest.clean(), ingest.problem());

        Replay.Report report = replay(fixture, write("all.ndjson", events, 0));

        assertEquals(500, report.inserted(), "only the events Kafka did not bring should be stored");
        assertEquals(1_500, report.duplicates(), "the events stored from Kafka should be duplicates");
        assertStored(fixture, expectedOf(events));
        for (Topic topic : Topic.values()) {
            assertEquals(
                    fixture.count(topic),
                    Long.parseLong(
                            fixture.clickHouse.selectValue("SELECT uniqExact(tenant, event_id) FROM " + topic.table())),
                    topic + ": an event id is stored twice");
        }
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    private Path write(String name, List<TopicEvent> events, int malformed) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = name.endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            int i = 0;
            for (TopicEvent event : events) {
                writer.write("{\"topic\":\"" + event.topic().topicName() + "\",\"event\":" + event.json() + "}\n");
                if (i++ % 100 == 0 && malformed > 0) {
                    writer.write("{\"topic\":\"slm.metrics\",\"event\":{\"event_id\":\"broken\"}}\n");
                    malformed--;
                }
            }
        }
        return file;
    }

    private static Expected expectedOf(List<TopicEvent> events) {
        Expected expected = new Expected();
        events.forEach(e -> expected.add(e.topic(), e.json()));
        return expected;
    }

    private static void assertStored(IngestFixture fixture, Expected expected) {
        for (Topic topic : Topic.values()) {
            assertEquals(
                    (long) expected.events.getOrDefault(topic, 0L),
                    fixture.count(topic),
                    topic + ": rows differ from the events");
        }
        assertEquals(
                (long) expected.inputTokens.get(Topic.SLM_METRICS), fixture.sum(Topic.SLM_METRICS, "input_tokens"));
    }

    private static Replay.Report replay(IngestFixture fixture, Path file) {
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            FileReplay replay = new FileReplay(
                    new FileReplay.Request(
                            List.of(file), fixture.topics, false, 0, 700, 64 * 1024, IngestConfig.DEFAULT_DEDUP_WINDOW),
                    fixture.clickHouse,
                    IngestRun.counters(fixture, redis),
                    PricingCatalog.loadBundled().pricer(),
                    message -> System.err.println("replay: " + message));
            return replay.run(line -> {});
        }
    }
}
