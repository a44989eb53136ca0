package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Expected;
import io.somactl.core.testing.IngestFixture.Raw;
import io.somactl.core.testing.UsageReconciliation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A 5 MB record produced with lz4 passes the broker's 1 MB check compressed; ingest must not get
 * stuck on it: it goes to the dead-letter topic (as a stub when it cannot go whole), and the valid
 * records around it are stored once. A failure that repeats after every rewind ends a cron run
 * after --give-up-after.
 */
@Tag("stack")
class OversizedRecordIT {
    private static final int FIVE_MB = 5 * 1024 * 1024;

    @Test
    void aFiveMegabyteLz4RecordIsDeadLetteredAsAStubAndTheValidRecordsAroundItAreStoredOnce() throws Exception {
        IngestFixture fixture = new IngestFixture("oversized");
        List<TopicEvent> events = IngestFixture.trace(3_000);
        Expected expected = fixture.produce(events.subList(0, 1_500));
        byte[] huge = hugeEvent();
        RecordMetadata where = produceLz4(fixture, "acme", huge);
        Expected after = fixture.produce(events.subList(1_500, events.size()));
        after.events.forEach((topic, n) -> expected.events.merge(topic, n, Long::sum));
        after.inputTokens.forEach((topic, n) -> expected.inputTokens.merge(topic, n, Long::sum));

        IngestSummary summary = assertTimeoutPreemptively(
                Duration.ofMinutes(3),
                () -> IngestRun.untilCaughtUp(fixture, config(fixture, Duration.ofSeconds(60))),
                "ingest kept failing on the 5 MB record instead of dead-lettering it");

        assertTrue(summary.clean(), "ingest did not finish cleanly: " + summary.problem());
        IngestWorkerIT.assertStoredExactlyOnce(fixture, expected);
        assertEquals(
                expected.inputTokens.get(Topic.SLM_METRICS),
                fixture.sum(Topic.SLM_METRICS, "input_tokens"),
                "slm input tokens of the valid records");
        UsageReconciliation.assertRedisAgrees(fixture);
        List<ConsumerRecord<byte[], byte[]>> dead = fixture.readAll(fixture.topics.deadLetterOf(Topic.SLM_METRICS), 1);
        assertEquals(1, dead.size(), "the 5 MB record is dead-lettered exactly once");
        ConsumerRecord<byte[], byte[]> stub = dead.get(0);
        assertEquals(
                "true",
                IngestFixture.header(stub, DeadLetters.TRUNCATED),
                "the dead letter should be marked as a stub");
        assertEquals(String.valueOf(huge.length), IngestFixture.header(stub, DeadLetters.ORIGINAL_BYTES));
        assertEquals(where.topic(), IngestFixture.header(stub, DeadLetters.SOURCE_TOPIC));
        assertEquals(String.valueOf(where.partition()), IngestFixture.header(stub, DeadLetters.SOURCE_PARTITION));
        assertEquals(String.valueOf(where.offset()), IngestFixture.header(stub, DeadLetters.SOURCE_OFFSET));
        assertTrue(
                IngestFixture.header(stub, DeadLetters.REASON).contains("larger than the limit"),
                IngestFixture.header(stub, DeadLetters.REASON));
        assertEquals("acme", new String(stub.key(), StandardCharsets.UTF_8));
        assertArrayEquals(
                Arrays.copyOf(huge, DeadLetters.STUB_PREFIX_BYTES),
                stub.value(),
                "the stub holds the record's first bytes");
    }

    @Test
    void aCronRunWhoseDeadLetterTopicRefusesEvenTheStubGivesUpAndCommitsNothingPastIt() throws Exception {
        IngestFixture fixture = new IngestFixture("dlqrefuses");
        List<TopicEvent> events = IngestFixture.trace(1_000);
        fixture.produceRaw(events.subList(0, 500).stream()
                .map(e -> new Raw(e.topic(), e.tenant(), e.json()))
                .toList());
        RecordMetadata where = produceLz4(fixture, "acme", hugeEvent());
        fixture.produce(events.subList(500, events.size()));
        try (Admin admin = Admin.create(fixture.kafka().clientConfig())) {
            ConfigResource dlq =
                    new ConfigResource(ConfigResource.Type.TOPIC, fixture.topics.deadLetterOf(Topic.SLM_METRICS));
            admin.incrementalAlterConfigs(Map.of(
                            dlq,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry("max.message.bytes", "128"), AlterConfigOp.OpType.SET))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        String group = "g-" + fixture.name;

        IngestSummary summary = assertTimeoutPreemptively(
                Duration.ofMinutes(2),
                () -> IngestRun.untilCaughtUp(fixture, config(fixture, Duration.ofSeconds(5))),
                "a failure that repeats after every rewind must end a --until-caught-up run after --give-up-after");

        assertFalse(summary.clean(), "a run that could not dead-letter a record must not end clean");
        assertTrue(
                summary.problem().contains("dead letter"),
                "the reason should name the dead letter: " + summary.problem());
        assertFalse(summary.serverUnreachable(), "no server was unreachable: " + summary.problem());
        long committed = committedOffset(fixture, group, new TopicPartition(where.topic(), where.partition()));
        assertTrue(
                committed <= where.offset(),
                "the offset of the record that was never dead-lettered was committed: " + committed + " > "
                        + where.offset());
    }

    private static IngestConfig config(IngestFixture fixture, Duration giveUpAfter) {
        return new IngestConfig(
                List.of(Topic.values()),
                fixture.topics,
                "g-" + fixture.name,
                1_000,
                Duration.ofMillis(200),
                1024 * 1024,
                true,
                Duration.ofMillis(200),
                giveUpAfter,
                2);
    }

    /** A JSON object of 5 MiB that lz4 squeezes well under the broker's 1 MB limit. */
    private static byte[] hugeEvent() {
        StringBuilder json = new StringBuilder(FIVE_MB).append("{\"pad\":\"");
        String line = "the same words again and again, ";
        while (json.length() < FIVE_MB - 2) {
            json.append(line, 0, Math.min(line.length(), FIVE_MB - 2 - json.length()));
        }
        return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static RecordMetadata produceLz4(IngestFixture fixture, String key, byte[] value) throws Exception {
        Properties config = fixture.kafka().clientConfig();
        config.put("acks", "all");
        config.put("compression.type", "lz4");
        config.put("max.request.size", String.valueOf(8 * 1024 * 1024));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(
                            fixture.topics.of(Topic.SLM_METRICS), key.getBytes(StandardCharsets.UTF_8), value))
                    .get(60, TimeUnit.SECONDS);
        }
    }

    private static long committedOffset(IngestFixture fixture, String group, TopicPartition partition) {
        Properties config = fixture.kafka().clientConfig();
        config.put("group.id", group);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            OffsetAndMetadata commit = consumer.committed(Set.of(partition), Duration.ofSeconds(30))
                    .get(partition);
            return commit == null ? 0 : commit.offset();
        }
    }
}
