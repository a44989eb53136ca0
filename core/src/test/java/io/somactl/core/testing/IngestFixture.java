package io.somactl.core.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TelemetryGenerator;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.fixtures.TraceFixture;
import io.somactl.core.kafka.AdminSession;
import io.somactl.core.kafka.KafkaSettings;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.kafka.TopicPlan;
import io.somactl.core.kafka.TopicProvisioner;
import io.somactl.core.schema.DdlRenderer;
import io.somactl.core.schema.MigrationCatalog;
import io.somactl.core.schema.MigrationRunner;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A private world for one ingest test on the real stack: its own topics (a unique prefix), its own
 * ClickHouse database with the migrations applied, its own Redis key prefix, and telemetry built
 * from the real Azure trace with a fixed seed. {@link Expected} holds what was produced, computed
 * from the events themselves, for the assertions.
 */
public final class IngestFixture {
    private static final AtomicInteger READERS = new AtomicInteger();
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public final LocalStack stack = LocalStack.ensureUp();
    public final String name;
    public final TopicNames topics;
    public final String database;
    public final String redisPrefix;
    public final HttpClickHouse clickHouse;

    private IngestFixture(IngestFixture same, String redisPrefix) {
        this.name = same.name;
        this.topics = same.topics;
        this.database = same.database;
        this.redisPrefix = redisPrefix;
        this.clickHouse = same.clickHouse;
    }

    /** The same topics and database, counted into another Redis key prefix. */
    public IngestFixture withRedisPrefix(String otherPrefix) {
        return new IngestFixture(this, otherPrefix);
    }

    public IngestFixture(String purpose) {
        this(purpose, null);
    }

    /**
     * On {@code cluster} (null: the single-node stack): the migrations applied with {@code --cluster}, and
     * {@link #clickHouse} the cluster's entry node, which the tests and workers talk to. The caller drops
     * the database from the cluster ({@link ClickHouseCluster#drop}).
     */
    public static IngestFixture onCluster(String purpose, ClickHouseCluster cluster) {
        return new IngestFixture(purpose, cluster);
    }

    private IngestFixture(String purpose, ClickHouseCluster cluster) {
        this.name = LocalStack.freshDatabase(purpose);
        this.topics = new TopicNames(name + ".");
        this.database = name;
        this.redisPrefix = name;
        new TopicProvisioner(kafka())
                .create(
                        List.of(Topic.values()),
                        topics,
                        new TopicPlan(6, (short) 1, Duration.ofDays(1), Duration.ofDays(1)));
        HttpClickHouse system = cluster == null
                ? new HttpClickHouse(stack.clickHouse("default"))
                : cluster.node(ClickHouseCluster.ENTRY, "default");
        new MigrationRunner(
                        system,
                        new DdlRenderer(database, cluster == null ? "" : ClickHouseCluster.NAME),
                        MigrationCatalog.bundled())
                .apply("test", m -> {});
        this.clickHouse = cluster == null
                ? new HttpClickHouse(stack.clickHouse(database))
                : cluster.node(ClickHouseCluster.ENTRY, database);
    }

    public KafkaSettings kafka() {
        return stack.kafka();
    }

    public static List<TopicEvent> trace(long events) {
        return new TelemetryGenerator(TraceFixture.loadDefault(), TelemetryGenerator.DEFAULT_SEED)
                .events(events)
                .toList();
    }

    /** Sends each event to its topic keyed by tenant, as producers do, and waits for every ack. */
    public Expected produce(List<TopicEvent> events) {
        return produceRaw(events.stream()
                .map(e -> new Raw(e.topic(), e.tenant(), e.json()))
                .toList());
    }

    public Expected produceRaw(List<Raw> records) {
        Properties config = kafka().clientConfig();
        config.put("acks", "all");
        config.put("linger.ms", "20");
        config.put("batch.size", String.valueOf(256 * 1024));
        config.put("compression.type", "lz4");
        // One batch in flight per partition: on a loaded machine, retries of several in-flight batches to
        // just-created partitions once left the idempotent producer out of sequence until its records expired.
        config.put("max.in.flight.requests.per.connection", "1");
        Expected expected = new Expected();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            awaitLeaders(
                    producer,
                    records.stream().map(r -> topics.of(r.topic())).distinct().toList());
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Raw record : records) {
                acks.add(producer.send(new ProducerRecord<>(
                        topics.of(record.topic()),
                        record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
                        record.value().getBytes(StandardCharsets.UTF_8))));
                expected.add(record.topic(), record.value());
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing test events failed: " + e.getMessage(), e);
        }
        return expected;
    }

    /** Waits until the broker names a leader for every partition of the just-created topics. */
    private static void awaitLeaders(KafkaProducer<byte[], byte[]> producer, List<String> names)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String name : names) {
            while (producer.partitionsFor(name).stream()
                    .anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions of " + name + " still have no leader after 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    public record Raw(Topic topic, String key, String value) {}

    /** What was produced: event counts per topic and token sums per priced topic, from the JSON itself. */
    public static final class Expected {
        public final Map<Topic, Long> events = new EnumMap<>(Topic.class);
        public final Map<Topic, Long> inputTokens = new EnumMap<>(Topic.class);
        public final Map<Topic, Long> outputTokens = new EnumMap<>(Topic.class);

        public void add(Topic topic, String json) {
            events.merge(topic, 1L, Long::sum);
            try {
                JsonNode event = JSON.readTree(json);
                inputTokens.merge(topic, event.path("input_tokens").asLong(0), Long::sum);
                outputTokens.merge(topic, event.path("output_tokens").asLong(0), Long::sum);
            } catch (Exception notJson) {
                // deliberately broken records count as events only
            }
        }

        public long total() {
            return events.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public long count(Topic topic) {
        return Long.parseLong(clickHouse.selectValue("SELECT count() FROM " + topic.table()));
    }

    public long distinctOffsets(Topic topic) {
        return Long.parseLong(
                clickHouse.selectValue("SELECT uniqExact(_topic, _partition, _offset) FROM " + topic.table()));
    }

    public long sum(Topic topic, String column) {
        return Long.parseLong(clickHouse.selectValue("SELECT sum(ifNull(" + column + ", 0)) FROM " + topic.table()));
    }

    public BigDecimal costSum(Topic topic) {
        return new BigDecimal(clickHouse.selectValue("SELECT toString(sum(cost_usd)) FROM " + topic.table()));
    }

    /** Waits until this fixture's tables hold at least the events produced (workers running elsewhere). */
    public void awaitRows(Expected expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (Topic topic : Topic.values()) {
                all &= count(topic) >= expected.events.getOrDefault(topic, 0L);
            }
            if (all) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the workers did not store every event within 3 minutes");
    }

    /** Waits until at least {@code atLeast} slm.metrics rows are stored: ingest is under way. */
    public void awaitSlmRows(long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (count(Topic.SLM_METRICS) >= atLeast) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("ingest stored nothing within 60 s");
    }

    /** Waits until {@code members} members of the consumer group hold partitions. */
    public void awaitMembersWithPartitions(String group, int members) throws Exception {
        try (AdminSession admin = new AdminSession(kafka())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                var description = admin.admin()
                        .describeConsumerGroups(List.of(group))
                        .all()
                        .get(10, TimeUnit.SECONDS)
                        .get(group);
                long withPartitions = description.members().stream()
                        .filter(m -> !m.assignment().topicPartitions().isEmpty())
                        .count();
                if (withPartitions == members) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the group never had " + members + " members with partitions");
    }

    /** Reads a topic from its beginning until at least {@code atLeast} records came (30 s at most), then a second more. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast) {
        Properties config = kafka().clientConfig();
        config.put("group.id", "reader-" + name + "-" + READERS.incrementAndGet());
        config.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && records.size() < atLeast) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    /** A record header's text, or a placeholder naming it when it is missing. */
    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "(no " + name + " header)" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
