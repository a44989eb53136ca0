package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Raw;
import io.somactl.core.testing.UsageReconciliation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archive then replay: a topic range (or a ClickHouse time range) written to NDJSON.gz or Parquet
 * with a manifest whose counts, token and cost sums equal what ingest stored from the same records;
 * the archive replayed into an empty database reproduces those rows and totals; a changed archive,
 * or one whose sums differ from its manifest, fails verification.
 */
@Tag("stack")
class ArchiveIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"range.ndjson.gz", "range.parquet"})
    void anArchiveReplayedIntoAnEmptyDatabaseReproducesTheIngestedTotals(String name) throws Exception {
        IngestFixture source = new IngestFixture("archivesrc");
        List<Raw> records = new ArrayList<>(IngestFixture.trace(3_000).stream()
                .map(e -> new Raw(e.topic(), e.tenant(), e.json()))
                .toList());
        records.add(1_000, new Raw(Topic.SLM_METRICS, "acme", "{\"not\": \"an event\""));
        source.produceRaw(records);
        IngestSummary ingest = IngestRun.untilCaughtUp(source, IngestRun.config(source, "g-" + source.name, 1_000));
        assertTrue(ingest.clean(), ingest.problem());

        Path file = dir.resolve(name);
        PricingCatalog catalog = PricingCatalog.loadBundled();
        Archive.Manifest manifest = Archive.write(
                new Archive.Request(List.of(Topic.values()), source.topics, Map.of(), null, null, file, 64 * 1024),
                source.kafka(),
                catalog.pricer(),
                catalog.version(),
                Progress.NONE);

        assertEquals(3_000, manifest.events(), "every valid record should be archived");
        assertEquals(
                1,
                manifest.topics().get("slm.metrics").notArchived(),
                "the malformed record is not archived, but counted");
        for (Topic topic : List.of(Topic.SLM_METRICS, Topic.ESCALATION_METRICS)) {
            Archive.TopicTotals totals = manifest.topics().get(topic.topicName());
            assertEquals(source.count(topic), totals.events(), topic + ": archived events differ from the stored rows");
            assertEquals(
                    0,
                    source.costSum(topic).compareTo(totals.costUsd()),
                    topic + ": the manifest's cost " + totals.costUsd() + " differs from ClickHouse's "
                            + source.costSum(topic));
            assertEquals(source.sum(topic, "input_tokens"), totals.inputTokens(), topic + ": input tokens differ");
        }
        assertTrue(
                Archive.verify(file).ok(),
                "a fresh archive should verify: " + Archive.verify(file).problems());

        IngestFixture target = new IngestFixture("archivedst");
        try (RedisConnection redis = RedisConnection.open(target.stack.redis(target.redisPrefix))) {
            Replay.Report report = new FileReplay(
                            new FileReplay.Request(
                                    List.of(file),
                                    target.topics,
                                    false,
                                    0,
                                    1_000,
                                    64 * 1024,
                                    IngestConfig.DEFAULT_DEDUP_WINDOW),
                            target.clickHouse,
                            IngestRun.counters(target, redis),
                            catalog.pricer(),
                            message -> {})
                    .run(line -> {});
            assertEquals(3_000, report.inserted());
        }
        assertSameEvents(source, target);
        UsageReconciliation.assertRedisAgrees(target);
    }

    /**
     * A ClickHouse time range archived (rows turned back into events, tokens by each model's usage
     * convention) and replayed into an empty database gives the same rows: same event ids with the same
     * fingerprints (the events' values), the same tokens and costs. Some events are of an OpenAI model,
     * whose stored input excludes the cached tokens its events include. A part of the range holds just
     * the events of that part.
     */
    @ParameterizedTest
    @ValueSource(strings = {"stored.ndjson.gz", "stored.parquet"})
    void aClickHouseRangeArchivedAndReplayedGivesTheSameRows(String name) throws Exception {
        IngestFixture source = new IngestFixture("archivech");
        List<TopicEvent> events = withOpenAiEvents(IngestFixture.trace(3_000));
        source.produce(events);
        IngestSummary ingest = IngestRun.untilCaughtUp(source, IngestRun.config(source, "g-" + source.name, 1_000));
        assertTrue(ingest.clean(), ingest.problem());
        assertTrue(
                source.clickHouse
                                .selectValue("SELECT count() FROM slm_metrics WHERE model_id = 'gpt-3.5-turbo-1106'"
                                        + " AND cached_input_read_tokens > 0")
                                .compareTo("0")
                        > 0,
                "the test needs OpenAI events with cached tokens");

        PricingCatalog catalog = PricingCatalog.loadBundled();
        Path file = dir.resolve(name);
        Archive.Manifest manifest = Archive.write(
                new Archive.Request(
                        Archive.Source.CLICKHOUSE,
                        List.of(Topic.values()),
                        source.topics,
                        Map.of(),
                        Instant.parse("2020-01-01T00:00:00Z"),
                        Instant.parse("2030-01-01T00:00:00Z"),
                        file,
                        64 * 1024),
                source.clickHouse,
                catalog.pricer(),
                catalog.version(),
                Progress.NONE);
        assertEquals(events.size(), manifest.events(), "every stored row should be archived");
        assertEquals(
                0,
                manifest.topics().values().stream()
                        .mapToLong(Archive.TopicTotals::notArchived)
                        .sum(),
                "every stored row should make a valid event");
        assertEquals(
                0,
                source.costSum(Topic.SLM_METRICS)
                        .compareTo(manifest.topics().get("slm.metrics").costUsd()),
                "the manifest prices the rebuilt events as ClickHouse priced them");
        assertTrue(Archive.verify(file).ok(), Archive.verify(file).problems().toString());

        IngestFixture target = new IngestFixture("archivechdst");
        try (RedisConnection redis = RedisConnection.open(target.stack.redis(target.redisPrefix))) {
            Replay.Report report = new FileReplay(
                            new FileReplay.Request(
                                    List.of(file),
                                    target.topics,
                                    false,
                                    0,
                                    1_000,
                                    64 * 1024,
                                    IngestConfig.DEFAULT_DEDUP_WINDOW),
                            target.clickHouse,
                            IngestRun.counters(target, redis),
                            catalog.pricer(),
                            message -> {})
                    .run(Progress.NONE);
            assertEquals(
                    events.size(),
                    report.inserted(),
                    "every archived event should be stored: "
                            + report.byReason().keySet());
        }
        assertSameEvents(source, target);
        UsageReconciliation.assertRedisAgrees(target);

        List<Long> times = events.stream()
                .map(e -> Instant.parse(TS.matcher(e.json())
                                .results()
                                .findFirst()
                                .orElseThrow()
                                .group(1))
                        .toEpochMilli())
                .sorted()
                .toList();
        Instant from = Instant.ofEpochMilli(times.get(1_000));
        Instant to = Instant.ofEpochMilli(times.get(2_000));
        long expected = times.stream()
                .filter(t -> t >= from.toEpochMilli() && t < to.toEpochMilli())
                .count();
        Archive.Manifest part = Archive.write(
                new Archive.Request(
                        Archive.Source.CLICKHOUSE,
                        List.of(Topic.values()),
                        source.topics,
                        Map.of(),
                        from,
                        to,
                        dir.resolve("part-" + name),
                        64 * 1024),
                source.clickHouse,
                catalog.pricer(),
                catalog.version(),
                Progress.NONE);
        assertEquals(
                expected,
                part.events(),
                "a part of the range should hold the events of [from, to), to the millisecond");
    }

    @Test
    void aParquetArchiveThatChangedAfterItWasWrittenFailsVerification() throws Exception {
        IngestFixture source = new IngestFixture("archiveptamper");
        source.produce(IngestFixture.trace(500));
        Path file = dir.resolve("t.parquet");
        PricingCatalog catalog = PricingCatalog.loadBundled();
        Archive.Manifest manifest = Archive.write(
                new Archive.Request(List.of(Topic.values()), source.topics, Map.of(), null, null, file, 64 * 1024),
                source.kafka(),
                catalog.pricer(),
                catalog.version(),
                Progress.NONE);
        assertEquals("parquet", manifest.format());
        assertTrue(Archive.verify(file).ok(), Archive.verify(file).problems().toString());

        Path manifestFile = Archive.manifestOf(file);
        String changed = Files.readString(manifestFile)
                .replace(
                        "\"totalTokens\" : "
                                + manifest.topics().get("slm.metrics").totalTokens(),
                        "\"totalTokens\" : "
                                + (manifest.topics().get("slm.metrics").totalTokens() + 1));
        Files.writeString(manifestFile, changed);
        Archive.Verification sums = Archive.verify(file);
        assertFalse(sums.ok(), "a manifest whose token sum differs from the file's columns verified");
        assertTrue(
                sums.problems().get(0).startsWith("slm.metrics: "),
                sums.problems().toString());

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        Archive.Verification verification = Archive.verify(file);
        assertFalse(verification.ok(), "a changed archive verified");
        assertTrue(
                verification.problems().get(0).startsWith("SHA-256 is "),
                verification.problems().toString());
    }

    private static final Pattern TS = Pattern.compile("\"ts\"\\s*:\\s*\"([^\"]+)\"");

    /**
     * The trace with every third cached SLM request made a hosted OpenAI call: its model counts the
     * cached tokens inside {@code input_tokens}, so the event reports their sum.
     */
    private static List<TopicEvent> withOpenAiEvents(List<TopicEvent> events) throws Exception {
        List<TopicEvent> out = new ArrayList<>();
        int cached = 0;
        for (TopicEvent event : events) {
            if (event.topic() == Topic.SLM_METRICS
                    && event.json().contains("cached_input_read_tokens")
                    && cached++ % 3 == 0) {
                ObjectNode node = (ObjectNode) JSON.readTree(event.json());
                node.put("model_id", "gpt-3.5-turbo-1106");
                node.put("deployment_mode", "hosted");
                node.put(
                        "input_tokens",
                        node.get("input_tokens").asLong()
                                + node.get("cached_input_read_tokens").asLong());
                out.add(new TopicEvent(event.topic(), event.tenant(), JSON.writeValueAsString(node)));
            } else {
                out.add(event);
            }
        }
        return out;
    }

    private static void assertSameEvents(IngestFixture source, IngestFixture target) {
        for (Topic topic : Topic.values()) {
            assertEquals(
                    source.count(topic),
                    target.count(topic),
                    topic + ": the replayed archive has other rows than the source");
            String ids = "SELECT toString(event_id), toString(event_fingerprint) FROM " + topic.table()
                    + " ORDER BY event_id";
            assertEquals(
                    source.clickHouse.select(ids),
                    target.clickHouse.select(ids),
                    topic + ": the replayed events differ from the source's (ids or values)");
        }
        for (Topic topic : List.of(Topic.SLM_METRICS, Topic.ESCALATION_METRICS, Topic.CONVERSATION_METRICS)) {
            assertEquals(
                    source.costSum(topic), target.costSum(topic), topic + ": the replayed archive costs otherwise");
            for (String column : List.of("input_tokens", "output_tokens")) {
                assertEquals(source.sum(topic, column), target.sum(topic, column), topic + ": " + column + " differ");
            }
        }
        assertEquals(
                source.sum(Topic.SLM_METRICS, "cached_input_read_tokens"),
                target.sum(Topic.SLM_METRICS, "cached_input_read_tokens"),
                "cached tokens differ");
    }

    @Test
    void anArchiveThatChangedAfterItWasWrittenFailsVerification() throws Exception {
        IngestFixture source = new IngestFixture("archivetamper");
        source.produce(IngestFixture.trace(500));
        Path file = dir.resolve("t.ndjson.gz");
        PricingCatalog catalog = PricingCatalog.loadBundled();
        Archive.write(
                new Archive.Request(List.of(Topic.values()), source.topics, Map.of(), null, null, file, 64 * 1024),
                source.kafka(),
                catalog.pricer(),
                catalog.version(),
                Progress.NONE);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);

        Archive.Verification verification = Archive.verify(file);

        assertFalse(verification.ok(), "a changed archive verified");
        assertTrue(
                verification.problems().get(0).startsWith("SHA-256 is "),
                verification.problems().toString());
    }
}
