package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.events.Topic;
import io.somactl.core.kafka.KafkaSettings;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.kafka.TopicPlan;
import io.somactl.core.kafka.TopicProvisioner;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.LocalStack;
import io.somactl.core.testing.UsageReconciliation;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * emit against the real Kafka. The six topics are shared with other tests, so each test reads only
 * what was written after it started (from the end offsets it saw first) and knows its events by
 * their event_ids, made unique to this run by the generator's seed.
 */
@Tag("stack")
class EmitCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalStack STACK = LocalStack.ensureUp();
    private static final Map<String, String> ENVIRONMENT =
            Map.of("HOME", "/nonexistent-home", "SOMACTL_KAFKA_BOOTSTRAP_SERVER", STACK.kafkaBootstrap());

    @TempDir
    Path dir;

    @BeforeAll
    static void topicsExist() {
        new TopicProvisioner(STACK.kafka())
                .create(
                        List.of(Topic.values()),
                        TopicNames.plain(),
                        new TopicPlan(6, (short) 1, Duration.ofDays(7), Duration.ofDays(30)));
    }

    private static Run run(String... args) {
        return Run.of(ENVIRONMENT, args);
    }

    /** A seed no other run uses, so the event_ids are this run's own. */
    private static long uniqueSeed() {
        return ProcessHandle.current().pid() * 1_000_003L + System.nanoTime();
    }

    /** What a line of the input says about its event. */
    record Sent(Topic topic, String tenant, String eventJson, int line) {}

    private Map<String, Sent> generate(Path file, int events) throws Exception {
        Run generate = run(
                "generate",
                "--events",
                String.valueOf(events),
                "--seed",
                String.valueOf(uniqueSeed()),
                "--out",
                file.toString());
        assertEquals(0, generate.exitCode(), generate.describe());
        return read(Files.readAllLines(file));
    }

    private static Map<String, Sent> read(List<String> lines) throws Exception {
        Map<String, Sent> byId = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode envelope = JSON.readTree(lines.get(i));
            JsonNode event = envelope.get("event");
            String json = lines.get(i)
                    .substring(
                            lines.get(i).indexOf(",\"event\":") + 9,
                            lines.get(i).length() - 1);
            byId.put(
                    event.get("event_id").asText(),
                    new Sent(
                            Topic.byName(envelope.get("topic").asText()).orElseThrow(),
                            event.get("tenant").asText(),
                            json,
                            i + 1));
        }
        return byId;
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        KafkaSettings kafka = STACK.kafka();
        Properties config = kafka.clientConfig();
        config.put("enable.auto.commit", "false");
        config.put("client.id", "somactl-emit-it");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            for (PartitionInfo info : consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(20))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
        }
        return partitions;
    }

    private static Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer), Duration.ofSeconds(20));
        }
    }

    /** Every record written to the six topics between two sets of end offsets. */
    private static List<ConsumerRecord<byte[], byte[]>> written(
            Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>(to.keySet());
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, from.getOrDefault(p, 0L)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < to.get(p))) {
                assertTrue(System.nanoTime() < deadline, "could not read back what emit wrote within 60 s");
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.offset() < to.get(new TopicPartition(r.topic(), r.partition()))) {
                        records.add(r);
                    }
                });
            }
        }
        return records;
    }

    private static String eventId(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value()).path("event_id").asText();
        } catch (Exception notJson) {
            return "";
        }
    }

    /** Our records only, by event_id, each id with every record that carried it. */
    private static Map<String, List<ConsumerRecord<byte[], byte[]>>> ours(
            List<ConsumerRecord<byte[], byte[]>> records, Set<String> ids) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String id = eventId(record);
            if (ids.contains(id)) {
                byId.computeIfAbsent(id, k -> new ArrayList<>()).add(record);
            }
        }
        return byId;
    }

    @Test
    void everyEmittedEventArrivesExactlyOnceOnItsTopicKeyedByTenantInOrder() throws Exception {
        Path file = dir.resolve("events.ndjson");
        Map<String, Sent> sent = generate(file, 3_000);
        Map<TopicPartition, Long> before = endOffsets();

        Run emit = run("emit", file.toString(), "-o", "json");
        assertEquals(0, emit.exitCode(), emit.describe());
        JsonNode summary = JSON.readTree(emit.out());
        long total = 0;
        for (JsonNode row : summary) {
            assertEquals(
                    row.get("valid").asLong(), row.get("sent").asLong(), "every valid event is acknowledged: " + row);
            long expected = sent.values().stream()
                    .filter(s -> s.topic().topicName().equals(row.get("topic").asText()))
                    .count();
            assertEquals(expected, row.get("sent").asLong(), "sent to " + row.get("topic"));
            total += row.get("sent").asLong();
        }
        assertEquals(3_000, total, emit.describe());

        Map<String, List<ConsumerRecord<byte[], byte[]>>> arrived = ours(written(before, endOffsets()), sent.keySet());
        assertEquals(sent.keySet(), arrived.keySet(), "every event arrived");
        Map<String, Integer> lastLineByTenantTopic = new HashMap<>();
        Map<String, Integer> partitionByTenantTopic = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> inLogOrder = new ArrayList<>();
        arrived.forEach((id, records) -> {
            assertEquals(1, records.size(), id + " arrived " + records.size() + " times");
            ConsumerRecord<byte[], byte[]> record = records.get(0);
            Sent expected = sent.get(id);
            assertEquals(expected.topic().topicName(), record.topic(), id + " went to the wrong topic");
            assertEquals(
                    expected.tenant(),
                    new String(record.key(), StandardCharsets.UTF_8),
                    id + " is keyed by its tenant");
            assertEquals(
                    expected.eventJson(),
                    new String(record.value(), StandardCharsets.UTF_8),
                    id + " is sent byte for byte");
            inLogOrder.add(record);
        });
        inLogOrder.sort((a, b) -> a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        for (ConsumerRecord<byte[], byte[]> record : inLogOrder) {
            Sent expected = sent.get(eventId(record));
            String stream = record.topic() + "/" + expected.tenant();
            Integer partition = partitionByTenantTopic.putIfAbsent(stream, record.partition());
            assertTrue(partition == null || partition == record.partition(), stream + " is spread over partitions");
            Integer previous = lastLineByTenantTopic.put(stream, expected.line());
            assertTrue(
                    previous == null || previous < expected.line(),
                    stream + ": line " + expected.line() + " landed before line " + previous
                            + " although it came after it");
        }
    }

    @Test
    void eventsEmittedTwiceAreStoredAndBilledOnceAndTheIngestSummaryCountsTheDuplicates() throws Exception {
        IngestFixture fixture = new IngestFixture("emittwice");
        Path file = dir.resolve("events.ndjson");
        Map<String, Sent> sent = generate(file, 2_000);
        Map<String, String> env = new HashMap<>(ENVIRONMENT);
        env.put("SOMACTL_KAFKA_TOPIC_PREFIX", fixture.topics.prefix());
        env.put("SOMACTL_CLICKHOUSE_URL", fixture.stack.clickHouseUrl().toString());
        env.put("SOMACTL_CLICKHOUSE_DATABASE", fixture.database);
        env.put("SOMACTL_REDIS_URI", fixture.stack.redisUri());
        env.put("SOMACTL_REDIS_KEY_PREFIX", fixture.redisPrefix);

        for (int time = 1; time <= 2; time++) { // a producer that retries its whole file
            Run emit = Run.of(env, "emit", file.toString());
            assertEquals(0, emit.exitCode(), "emit #" + time + ": " + emit.describe());
        }
        Run ingest = Run.of(env, "ingest", "--until-caught-up", "--group", "g-" + fixture.name, "--batch-size", "700");

        assertEquals(0, ingest.exitCode(), ingest.describe());
        for (Topic topic : Topic.values()) {
            long events = sent.values().stream().filter(e -> e.topic() == topic).count();
            assertEquals(events, fixture.count(topic), topic + ": rows differ from the events emitted (twice)");
        }
        UsageReconciliation.assertRedisAgrees(fixture);
        assertTrue(
                ingest.err().contains(" duplicates=2000 "),
                "the summary should count 2,000 duplicates: " + ingest.err());
    }

    @Test
    void invalidLinesAreReportedWithTheirLineNumbersAndNotSent() throws Exception {
        Path good = dir.resolve("good.ndjson");
        Map<String, Sent> valid = generate(good, 3);
        List<String> goodLines = Files.readAllLines(good);
        String hostileId = "0b5e1b9a-8d2f-4c1e-9a7b-" + String.format("%012x", uniqueSeed() & 0xFFFFFFFFFFFFL);
        String hostile = goodLines
                .get(0)
                .replaceFirst("\"event_id\":\"[^\"]+\"", "\"event_id\":\"" + hostileId + "\"")
                .replaceFirst("\"tenant\":\"[^\"]+\"", "\"tenant\":\"acme\\\\u001b[2J\"");
        Path file = dir.resolve("mixed.ndjson");
        Files.write(
                file,
                List.of(
                        goodLines.get(0),
                        "{\"topic\":\"slm.metrics\",",
                        goodLines.get(1),
                        hostile,
                        "{\"event_id\":\"x\"}",
                        goodLines.get(2)));
        Map<TopicPartition, Long> before = endOffsets();

        Run emit = run("emit", file.toString());
        assertEquals(0, emit.exitCode(), "invalid lines are skipped, not fatal, without --strict\n" + emit.describe());
        assertTrue(emit.err().contains(file + ":2: $: not valid JSON"), emit.describe());
        assertTrue(
                emit.err().contains(file + ":4: ")
                        && emit.err()
                                .lines()
                                .anyMatch(l -> l.startsWith(file + ":4: ")
                                        && l.contains("$.tenant: does not match the pattern")),
                emit.describe());
        assertTrue(emit.err().contains(file + ":5: $: a bare event needs --topic"), emit.describe());
        assertTrue(emit.err().contains("3 invalid lines were not sent"), emit.describe());
        assertTrue(emit.err().chars().noneMatch(c -> c == 0x1b), "no escape character reaches the terminal");

        Map<String, List<ConsumerRecord<byte[], byte[]>>> arrived = ours(
                written(before, endOffsets()),
                Set.of(
                        hostileId,
                        valid.keySet().toArray(String[]::new)[0],
                        valid.keySet().toArray(String[]::new)[1],
                        valid.keySet().toArray(String[]::new)[2]));
        assertEquals(valid.keySet(), arrived.keySet(), "the three valid lines arrived and the hostile one did not");
    }

    @Test
    void whenEveryLineIsInvalidNothingIsSentAndEmitExitsFour() throws Exception {
        Path file = dir.resolve("all-invalid.ndjson");
        Files.write(
                file,
                List.of(
                        "{\"topic\":\"slm.metrics\",",
                        "{\"event_id\":\"x\"}",
                        "{\"topic\":\"slm.metrics\",\"event\":{\"tenant\":\"acme\"}}"));
        Run emit = run("emit", file.toString());
        assertEquals(4, emit.exitCode(), "a run that could send nothing valid is not a success\n" + emit.describe());
        assertTrue(emit.err().contains("no valid events: all 3 lines were invalid, nothing was sent"), emit.describe());

        Run dryRun = run("emit", "--dry-run", file.toString());
        assertEquals(4, dryRun.exitCode(), "a dry run finding no valid line exits 4 too\n" + dryRun.describe());

        Path empty = Files.writeString(dir.resolve("empty.ndjson"), "");
        Run nothing = run("emit", empty.toString());
        assertEquals(0, nothing.exitCode(), "empty input is not invalid data\n" + nothing.describe());
        assertTrue(nothing.err().contains("no events in the input: nothing was sent"), nothing.describe());
    }

    @Test
    void strictModeWithAnInvalidLineSendsNothingAndExitsFour() throws Exception {
        Path file = dir.resolve("events.ndjson");
        Map<String, Sent> sent = generate(file, 500);
        Files.writeString(
                file,
                "{\"topic\":\"slm.metrics\",\"event\":{\"tenant\":\"acme\"}}\n",
                java.nio.file.StandardOpenOption.APPEND);
        Map<TopicPartition, Long> before = endOffsets();

        Run emit = run("emit", "--strict", file.toString());
        assertEquals(4, emit.exitCode(), emit.describe());
        assertTrue(emit.err().contains(file + ":501: slm.metrics event:"), emit.describe());
        assertTrue(ours(written(before, endOffsets()), sent.keySet()).isEmpty(), "--strict must send nothing");
    }

    @Test
    void strictModeReadsStandardInputOnceAndSendsEverythingWhenAllIsValid() throws Exception {
        Path file = dir.resolve("events.ndjson");
        Map<String, Sent> sent = generate(file, 1_000);
        Map<TopicPartition, Long> before = endOffsets();
        InputStream stdin = System.in;
        Run emit;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(file)));
            emit = run("emit", "--strict", "-o", "csv");
        } finally {
            System.setIn(stdin);
        }
        assertEquals(0, emit.exitCode(), emit.describe());
        Map<String, List<ConsumerRecord<byte[], byte[]>>> arrived = ours(written(before, endOffsets()), sent.keySet());
        assertEquals(sent.keySet(), arrived.keySet(), "everything on stdin was sent");
        assertTrue(arrived.values().stream().allMatch(r -> r.size() == 1), "each event once");
    }

    @Test
    void bareEventsGoToTheTopicGivenWithTopic() throws Exception {
        Path generated = dir.resolve("events.ndjson");
        Map<String, Sent> all = generate(generated, 300);
        Map<String, Sent> tools = new LinkedHashMap<>();
        all.forEach((id, s) -> {
            if (s.topic() == Topic.TOOL_METRICS) {
                tools.put(id, s);
            }
        });
        Path bare = dir.resolve("tools.ndjson");
        Files.write(bare, tools.values().stream().map(Sent::eventJson).toList());
        Map<TopicPartition, Long> before = endOffsets();
        Run emit = run("emit", "--topic", "tool.metrics", bare.toString());
        assertEquals(0, emit.exitCode(), emit.describe());
        Map<String, List<ConsumerRecord<byte[], byte[]>>> arrived = ours(written(before, endOffsets()), tools.keySet());
        assertEquals(tools.keySet(), arrived.keySet());
        assertTrue(arrived.values().stream().allMatch(r -> r.get(0).topic().equals("tool.metrics")));
    }

    @Test
    void aBrokerThatDoesNotAnswerExitsThreeBeforeReadingTheInput() throws Exception {
        Path file = dir.resolve("events.ndjson");
        generate(file, 10);
        Run emit = run("emit", file.toString(), "--bootstrap-server", "127.0.0.1:1", "--timeout", "2s");
        assertEquals(3, emit.exitCode(), emit.describe());
        assertTrue(emit.err().startsWith("error: cannot reach Kafka at 127.0.0.1:1 ("), emit.describe());
        assertTrue(emit.err().contains("stack/up"), emit.describe());
    }

    @Test
    void aTopicThatDoesNotExistFailsSayingHowToCreateIt() throws Exception {
        Path file = dir.resolve("events.ndjson");
        generate(file, 10);
        Run emit = run(
                "emit",
                file.toString(),
                "--topic-prefix",
                "no-such-env-" + ProcessHandle.current().pid() + ".");
        assertEquals(1, emit.exitCode(), emit.describe());
        assertTrue(
                emit.err()
                        .contains("does not exist on Kafka at " + STACK.kafkaBootstrap()
                                + ": create the telemetry topics with 'somactl topics create'"),
                emit.describe());
    }
}
