package io.somactl.core.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.somactl.core.SomactlException;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.events.Topic;
import io.somactl.core.kafka.KafkaSettings;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.pricing.Pricer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

/**
 * Writes a range of events to an archive with a manifest beside it ({@code FILE.manifest.json}): the
 * archive's SHA-256 and size, and per topic the events, token sums and cost the catalog gives them,
 * so a replay of the archive can be checked against it. The range is a range of the telemetry topics
 * (offsets or record times), or an event-time range of what ClickHouse stores ({@link StoredEvents}).
 * The file is NDJSON.gz of envelopes ({@code {"topic":…,"event":{…}}}, the events as produced, which
 * {@code replay --file} and {@code emit} read) or Parquet ({@link ParquetArchive}), by its name.
 * Records that are not valid events are not archived (they are in the dead-letter topics); the
 * manifest counts them. {@link #verify} checks a file against its manifest.
 */
public final class Archive {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Where an archive's events come from. */
    public enum Source {
        KAFKA,
        CLICKHOUSE
    }

    /**
     * What to archive. From Kafka: offsets of one topic's partitions, or record times (either end may
     * be null), or the topics whole. From ClickHouse: the rows whose event time is in {@code [from, to)}.
     */
    public record Request(
            Source source,
            List<Topic> topics,
            TopicNames names,
            Map<Integer, long[]> offsets,
            Instant from,
            Instant to,
            Path out,
            int maxEventBytes) {
        public Request {
            topics = List.copyOf(topics);
            if (offsets != null && !offsets.isEmpty() && (topics.size() != 1 || source == Source.CLICKHOUSE)) {
                throw new IllegalArgumentException("--offsets needs exactly one --topic, and Kafka as the source");
            }
            if (source == Source.CLICKHOUSE && (from == null || to == null)) {
                throw new IllegalArgumentException("an archive of ClickHouse needs --from and --to (event times)");
            }
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalArgumentException("--from must be before --to");
            }
            ArchiveFormat.of(out);
        }

        /** A range of the topics. */
        public Request(
                List<Topic> topics,
                TopicNames names,
                Map<Integer, long[]> offsets,
                Instant from,
                Instant to,
                Path out,
                int maxEventBytes) {
            this(Source.KAFKA, topics, names, offsets, from, to, out, maxEventBytes);
        }

        public ArchiveFormat format() {
            return ArchiveFormat.of(out);
        }
    }

    /** One topic's share: events archived, of them priced, records not archived, and the priced events' sums. */
    public record TopicTotals(
            long events,
            long priced,
            long notArchived,
            long inputTokens,
            long outputTokens,
            long totalTokens,
            BigDecimal costUsd) {}

    /**
     * What an archive holds; {@code ranges}: what was read, per {@code topic:partition} the offsets
     * {from, to}, or per {@code clickhouse:table} the event times {from, to} in epoch milliseconds.
     */
    public record Manifest(
            String file,
            String format,
            String source,
            String sha256,
            long bytes,
            long events,
            String pricingVersion,
            Map<String, TopicTotals> topics,
            Map<String, long[]> ranges) {}

    /** The outcome of {@link #verify}: empty problems when the file is what its manifest says. */
    public record Verification(Manifest manifest, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private Archive() {}

    /** Archives a range of the topics. */
    public static Manifest write(
            Request request, KafkaSettings kafka, Pricer pricer, String pricingVersion, Progress progress) {
        if (request.source() != Source.KAFKA) {
            throw new IllegalArgumentException("this request reads ClickHouse");
        }
        Writer writer = new Writer(request, pricer);
        Properties config = kafka.clientConfig();
        config.put("enable.auto.commit", "false");
        config.put("isolation.level", "read_committed");
        config.put("client.id", "somactl-archive");
        Map<String, long[]> read = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], ByteBuffer> consumer =
                        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteBufferDeserializer());
                ArchiveWriter out = writer.open()) {
            Map<TopicPartition, long[]> ranges = TopicRanges.resolve(
                    consumer, writer.byName.keySet(), request.offsets(), request.from(), request.to(), kafka.timeout());
            Map<TopicPartition, long[]> active = new LinkedHashMap<>();
            long total = 0;
            for (Map.Entry<TopicPartition, long[]> range : ranges.entrySet()) {
                read.put(
                        range.getKey().topic() + ":" + range.getKey().partition(),
                        range.getValue().clone());
                if (range.getValue()[0] < range.getValue()[1]) {
                    active.put(range.getKey(), range.getValue());
                    total += range.getValue()[1] - range.getValue()[0];
                }
            }
            consumer.assign(active.keySet());
            active.forEach((partition, range) -> consumer.seek(partition, range[0]));
            long records = 0;
            while (!active.isEmpty()) {
                ConsumerRecords<byte[], ByteBuffer> polled = consumer.poll(Duration.ofMillis(200));
                for (TopicPartition partition : polled.partitions()) {
                    long[] range = active.get(partition);
                    if (range == null) {
                        continue;
                    }
                    for (ConsumerRecord<byte[], ByteBuffer> record : polled.records(partition)) {
                        if (record.offset() >= range[1]) {
                            break;
                        }
                        records++;
                        writer.offer(out, partition.topic(), record.value());
                    }
                }
                active.keySet().removeIf(partition -> consumer.position(partition) >= active.get(partition)[1]);
                progress.at(
                        records,
                        total == 0 ? 1 : (double) records / total,
                        "records=" + records + " archived=" + writer.events);
            }
        } catch (IOException e) {
            throw new SomactlException("writing " + writer.partial + " failed: " + e.getMessage(), e);
        }
        progress.finished();
        return writer.finish(pricingVersion, Source.KAFKA, read);
    }

    /** Archives what ClickHouse stores of the topics in the request's event-time range. */
    public static Manifest write(
            Request request, ClickHouse clickHouse, Pricer pricer, String pricingVersion, Progress progress) {
        if (request.source() != Source.CLICKHOUSE) {
            throw new IllegalArgumentException("this request reads Kafka");
        }
        Writer writer = new Writer(request, pricer);
        StoredEvents stored = new StoredEvents(clickHouse, pricer);
        Map<String, long[]> read = new LinkedHashMap<>();
        long total = 0;
        for (Topic topic : request.topics()) {
            String rows = clickHouse.selectValue("SELECT count() FROM ("
                    + StoredEvents.sql(
                            clickHouse.database(),
                            topic,
                            request.from().toEpochMilli(),
                            request.to().toEpochMilli())
                    + ")");
            total += Long.parseLong(rows);
        }
        long all = total;
        try (ArchiveWriter out = writer.open()) {
            long[] rows = {0};
            for (Topic topic : request.topics()) {
                read.put(
                        "clickhouse:" + topic.table(),
                        new long[] {request.from().toEpochMilli(), request.to().toEpochMilli()});
                String name = request.names().of(topic);
                stored.read(topic, request.from(), request.to(), (t, json) -> {
                    writer.offer(out, name, ByteBuffer.wrap(json));
                    rows[0]++;
                    if ((rows[0] & 1023) == 0) {
                        progress.at(
                                rows[0],
                                all == 0 ? 1 : (double) rows[0] / all,
                                "rows=" + rows[0] + " archived=" + writer.events);
                    }
                });
            }
            progress.at(rows[0], 1, "rows=" + rows[0] + " archived=" + writer.events);
        } catch (IOException e) {
            throw new SomactlException("writing " + writer.partial + " failed: " + e.getMessage(), e);
        }
        progress.finished();
        return writer.finish(pricingVersion, Source.CLICKHOUSE, read);
    }

    /** Reads, prices and writes events and adds them up, per topic. */
    private static final class Writer {
        private final Request request;
        private final Map<String, Topic> byName = new HashMap<>();
        private final EventPipeline pipeline;
        private final Map<Topic, long[]> counts = new TreeMap<>(); // events, priced, not archived, input, output, total
        private final Map<Topic, BigDecimal> costs = new TreeMap<>();
        private final Path partial;
        private long events;

        Writer(Request request, Pricer pricer) {
            this.request = request;
            request.topics().forEach(topic -> byName.put(request.names().of(topic), topic));
            this.pipeline = new EventPipeline(byName, request.names(), pricer, request.maxEventBytes(), null);
            String name = request.out().getFileName().toString();
            this.partial = request.out()
                    .resolveSibling(name.substring(
                                    0, name.length() - request.format().suffix().length()) + ".partial"
                            + request.format().suffix());
        }

        ArchiveWriter open() throws IOException {
            return ArchiveWriter.open(request.format(), partial);
        }

        void offer(ArchiveWriter out, String topicName, ByteBuffer value) throws IOException {
            Topic topic = byName.get(topicName);
            long[] c = counts.computeIfAbsent(topic, t -> new long[6]);
            TopicPipeline topicPipeline = pipeline.of(topicName);
            if (topicPipeline.decoder.decode(value.duplicate(), topicPipeline.event) != null) {
                c[2]++;
                return;
            }
            PricedEvent priced = EventPipeline.priceDecoded(topicPipeline);
            var fields = topicPipeline.event.fields;
            var usage = priced == null ? null : priced.usage();
            out.write(new ArchivedEvent(
                    topic,
                    EventDecoder.bytes(value),
                    fields.text(topicPipeline.tenantField),
                    fields.text(topicPipeline.idField),
                    topicPipeline.event.tsMillis,
                    usage));
            c[0]++;
            events++;
            if (usage != null) {
                c[1]++;
                c[3] += usage.inputTokens();
                c[4] += usage.outputTokens();
                c[5] += usage.totalTokens();
                costs.merge(topic, usage.costUsd(), BigDecimal::add);
            }
        }

        Manifest finish(String pricingVersion, Source source, Map<String, long[]> read) {
            try {
                Files.move(partial, request.out(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Map<String, TopicTotals> topics = new LinkedHashMap<>();
                counts.forEach((topic, c) -> topics.put(
                        topic.topicName(),
                        new TopicTotals(
                                c[0], c[1], c[2], c[3], c[4], c[5], costs.getOrDefault(topic, BigDecimal.ZERO))));
                Manifest manifest = new Manifest(
                        request.out().getFileName().toString(),
                        request.format().name().toLowerCase(java.util.Locale.ROOT),
                        source.name().toLowerCase(java.util.Locale.ROOT),
                        FileReplay.sha256(request.out()),
                        Files.size(request.out()),
                        events,
                        pricingVersion,
                        topics,
                        read);
                JSON.writeValue(manifestOf(request.out()).toFile(), manifest);
                return manifest;
            } catch (IOException e) {
                throw new SomactlException("writing the archive " + request.out() + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** The manifest beside an archive. */
    public static Path manifestOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".manifest.json");
    }

    /**
     * Checks an archive against its manifest: SHA-256, size, and the events per topic; for Parquet
     * also each topic's token and cost sums, added up from its columns.
     */
    public static Verification verify(Path archive) {
        Manifest manifest;
        try {
            manifest = JSON.readValue(manifestOf(archive).toFile(), Manifest.class);
        } catch (IOException e) {
            throw new SomactlException("cannot read the manifest " + manifestOf(archive) + ": " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        String sha = FileReplay.sha256(archive);
        if (!sha.equals(manifest.sha256())) {
            problems.add("SHA-256 is " + sha + ", the manifest says " + manifest.sha256());
        }
        Map<String, TopicTotals> found =
                ArchiveFormat.isParquet(archive) ? parquetTotals(archive, problems) : ndjsonTotals(archive, problems);
        manifest.topics().forEach((topic, totals) -> {
            TopicTotals in = found.getOrDefault(topic, new TopicTotals(0, 0, 0, 0, 0, 0, BigDecimal.ZERO));
            if (in.events() != totals.events()) {
                problems.add(topic + ": " + in.events() + " events, the manifest says " + totals.events());
            }
            if (ArchiveFormat.isParquet(archive)) {
                if (in.totalTokens() != totals.totalTokens()) {
                    problems.add(
                            topic + ": " + in.totalTokens() + " tokens, the manifest says " + totals.totalTokens());
                }
                if (in.costUsd().compareTo(totals.costUsd()) != 0) {
                    problems.add(topic + ": cost " + in.costUsd().toPlainString() + " USD, the manifest says "
                            + totals.costUsd().toPlainString());
                }
            }
        });
        found.keySet().stream()
                .filter(topic -> !manifest.topics().containsKey(topic))
                .forEach(topic ->
                        problems.add(topic + ": " + found.get(topic).events() + " events the manifest does not list"));
        return new Verification(manifest, problems);
    }

    private static Map<String, TopicTotals> ndjsonTotals(Path archive, List<String> problems) {
        Map<String, TopicTotals> totals = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(archive)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int start = line.indexOf("\"topic\":\"") + 9;
                String topic = start < 9 ? "?" : line.substring(start, line.indexOf('"', start));
                totals.merge(topic, new TopicTotals(1, 0, 0, 0, 0, 0, BigDecimal.ZERO), Archive::plus);
            }
        } catch (IOException e) {
            problems.add("cannot read it as gzip NDJSON: " + e.getMessage());
        }
        return totals;
    }

    private static Map<String, TopicTotals> parquetTotals(Path archive, List<String> problems) {
        Map<String, TopicTotals> totals = new TreeMap<>();
        try {
            ParquetArchive.read(archive, (number, row) -> {
                TopicTotals one = row.costUsd() == null
                        ? new TopicTotals(1, 0, 0, 0, 0, 0, BigDecimal.ZERO)
                        : new TopicTotals(
                                1, 1, 0, row.inputTokens(), row.outputTokens(), row.totalTokens(), row.costUsd());
                totals.merge(row.topic(), one, Archive::plus);
                return true;
            });
        } catch (IOException e) {
            problems.add("cannot read it as a Parquet archive: " + e.getMessage());
        }
        return totals;
    }

    private static TopicTotals plus(TopicTotals a, TopicTotals b) {
        return new TopicTotals(
                a.events() + b.events(),
                a.priced() + b.priced(),
                a.notArchived() + b.notArchived(),
                a.inputTokens() + b.inputTokens(),
                a.outputTokens() + b.outputTokens(),
                a.totalTokens() + b.totalTokens(),
                a.costUsd().add(b.costUsd()));
    }
}
