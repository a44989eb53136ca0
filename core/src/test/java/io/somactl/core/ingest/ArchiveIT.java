package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Raw;
import io.somactl.core.testing.UsageReconciliation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive then replay: a topic range written to NDJSON.gz with a manifest whose counts, token and
 * cost sums equal what ingest stored from the same records; the archive replayed into an empty
 * database reproduces those totals; a changed archive fails verification.
 */
@Tag("stack")
class ArchiveIT {
    @TempDir
    Path dir;

    @Test
    void anArchiveReplayedIntoAnEmptyDatabaseReproducesTheIngestedTotals() throws Exception {
        IngestFixture source = new IngestFixture("archivesrc");
        List<Raw> records = new ArrayList<>(IngestFixture.trace(3_000).stream()
                .map(e -> new Raw(e.topic(), e.tenant(), e.json())).toList());
        records.add(1_000, new Raw(Topic.SLM_METRICS, "acme", "{\"not\": \"an event\""));
        source.produceRaw(records);
        IngestSummary ingest = IngestRun.untilCaughtUp(source, IngestRun.config(source, "g-" + source.name, 1_000));
        assertTrue(ingest.clean(), ingest.problem());

        Path file = dir.resolve("range.ndjson.gz");
        PricingCatalog catalog = PricingCatalog.loadBundled();
        Archive.Manifest manifest = Archive.write(new Archive.Request(List.of(Topic.values()), source.topics, Map.of(), null, null,
                file, 64 * 1024), source.kafka(), catalog.pricer(), catalog.version(), line -> {});

        assertEquals(3_000, manifest.events(), "every valid record should be archived");
        assertEquals(1, manifest.topics().get("slm.metrics").notArchived(), "the malformed record is not archived, but counted");
        for (Topic topic : List.of(Topic.SLM_METRICS, Topic.ESCALATION_METRICS)) {
            Archive.TopicTotals totals = manifest.topics().get(topic.topicName());
            assertEquals(source.count(topic), totals.events(), topic + ": archived events differ from the stored rows");
            assertEquals(0, source.costSum(topic).compareTo(totals.costUsd()),
                    topic + ": the manifest's cost " + totals.costUsd() + " differs from ClickHouse's " + source.costSum(topic));
            assertEquals(source.sum(topic, "input_tokens"), totals.inputTokens(), topic + ": input tokens differ");
        }
        assertTrue(Archive.verify(file).ok(), "a fresh archive should verify: " + Archive.verify(file).problems());

        IngestFixture target = new IngestFixture("archivedst");
        try (RedisConnection redis = RedisConnection.open(target.stack.redis(target.redisPrefix))) {
            Replay.Report report = new FileReplay(new FileReplay.Request(List.of(file), target.topics, false, 0, 1_000, 64 * 1024,
                    IngestConfig.DEFAULT_DEDUP_WINDOW), target.clickHouse, IngestRun.counters(target, redis), catalog.pricer(),
                    message -> {}).run(line -> {});
            assertEquals(3_000, report.inserted());
        }
        for (Topic topic : Topic.values()) {
            assertEquals(source.count(topic), target.count(topic), topic + ": the replayed archive has other rows than the source");
        }
        for (Topic topic : List.of(Topic.SLM_METRICS, Topic.ESCALATION_METRICS, Topic.CONVERSATION_METRICS)) {
            assertEquals(source.costSum(topic), target.costSum(topic), topic + ": the replayed archive costs otherwise");
            assertEquals(source.sum(topic, "input_tokens"), target.sum(topic, "input_tokens"), topic + ": input tokens differ");
        }
        UsageReconciliation.assertRedisAgrees(target);
    }

    @Test
    void anArchiveThatChangedAfterItWasWrittenFailsVerification() throws Exception {
        IngestFixture source = new IngestFixture("archivetamper");
        source.produce(IngestFixture.trace(500));
        Path file = dir.resolve("t.ndjson.gz");
        PricingCatalog catalog = PricingCatalog.loadBundled();
        Archive.write(new Archive.Request(List.of(Topic.values()), source.topics, Map.of(), null, null, file, 64 * 1024),
                source.kafka(), catalog.pricer(), catalog.version(), line -> {});
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);

        Archive.Verification verification = Archive.verify(file);

        assertFalse(verification.ok(), "a changed archive verified");
        assertTrue(verification.problems().get(0).startsWith("SHA-256 is "), verification.problems().toString());
    }
}
