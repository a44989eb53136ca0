package io.somactl.core.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.somactl.core.SomactlException;
import io.somactl.core.events.Topic;
import io.somactl.core.kafka.KafkaSettings;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.pricing.Pricer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

/**
 * Writes a range of the telemetry topics to an NDJSON.gz archive of envelopes
 * ({@code {"topic":…,"event":{…}}}, the events as they were produced, which {@code replay --file}
 * and {@code emit} read) with a manifest beside it ({@code FILE.manifest.json}): the archive's
 * SHA-256 and size, and per topic the events, token sums and cost the catalog gives them, so a
 * replay of the archive can be checked against it. Records that are not valid events are not
 * archived (they are in the dead-letter topics); the manifest counts them. {@link #verify} checks a
 * file against its manifest.
 */
public final class Archive {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public record Request(List<Topic> topics, TopicNames names, Map<Integer, long[]> offsets, Instant from, Instant to,
                          Path out, int maxEventBytes) {
        public Request {
            topics = List.copyOf(topics);
            if (offsets != null && !offsets.isEmpty() && topics.size() != 1) {
                throw new IllegalArgumentException("--offsets needs exactly one --topic");
            }
            if (!out.getFileName().toString().endsWith(".ndjson.gz")) {
                throw new IllegalArgumentException("the archive's name must end in .ndjson.gz, not " + out.getFileName());
            }
        }
    }

    /** One topic's share: events archived, of them priced, records not archived, and the priced events' sums. */
    public record TopicTotals(long events, long priced, long notArchived, long inputTokens, long outputTokens, long totalTokens,
                              BigDecimal costUsd) {}

    /** What an archive holds; {@code ranges}: per {@code topic:partition}, the offsets {from, to} read. */
    public record Manifest(String file, String sha256, long bytes, long events, String pricingVersion,
                           Map<String, TopicTotals> topics, Map<String, long[]> ranges) {}

    /** The outcome of {@link #verify}: empty problems when the file is what its manifest says. */
    public record Verification(Manifest manifest, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private Archive() {}

    public static Manifest write(Request request, KafkaSettings kafka, Pricer pricer, String pricingVersion,
                                 Consumer<String> progress) {
        Map<String, Topic> byName = new HashMap<>();
        request.topics().forEach(topic -> byName.put(request.names().of(topic), topic));
        EventPipeline pipeline = new EventPipeline(byName, request.names(), pricer, request.maxEventBytes(), null);
        Map<Topic, long[]> counts = new TreeMap<>(); // events, priced, not archived, input, output, total
        Map<Topic, BigDecimal> costs = new TreeMap<>();
        Map<String, long[]> read = new LinkedHashMap<>();
        Path partial = request.out().resolveSibling(request.out().getFileName() + ".partial");
        Properties config = kafka.clientConfig();
        config.put("enable.auto.commit", "false");
        config.put("isolation.level", "read_committed");
        config.put("client.id", "somactl-archive");
        long events = 0;
        try (KafkaConsumer<byte[], ByteBuffer> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteBufferDeserializer());
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            Map<TopicPartition, long[]> ranges = TopicRanges.resolve(consumer, byName.keySet(), request.offsets(),
                    request.from(), request.to(), kafka.timeout());
            Map<TopicPartition, long[]> active = new LinkedHashMap<>();
            ranges.forEach((partition, range) -> {
                read.put(partition.topic() + ":" + partition.partition(), range.clone());
                if (range[0] < range[1]) {
                    active.put(partition, range);
                }
            });
            consumer.assign(active.keySet());
            active.forEach((partition, range) -> consumer.seek(partition, range[0]));
            long nextProgress = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (!active.isEmpty()) {
                ConsumerRecords<byte[], ByteBuffer> records = consumer.poll(Duration.ofMillis(200));
                for (TopicPartition partition : records.partitions()) {
                    long[] range = active.get(partition);
                    if (range == null) {
                        continue;
                    }
                    Topic topic = byName.get(partition.topic());
                    byte[] prefix = ("{\"topic\":\"" + topic.topicName() + "\",\"event\":").getBytes(StandardCharsets.UTF_8);
                    for (ConsumerRecord<byte[], ByteBuffer> record : records.records(partition)) {
                        if (record.offset() >= range[1]) {
                            break;
                        }
                        long[] c = counts.computeIfAbsent(topic, t -> new long[6]);
                        TopicPipeline topicPipeline = pipeline.of(partition.topic());
                        if (topicPipeline.decoder.decode(record.value().duplicate(), topicPipeline.event) != null) {
                            c[2]++;
                            continue;
                        }
                        PricedEvent priced = EventPipeline.priceDecoded(topicPipeline);
                        byte[] value = EventDecoder.bytes(record.value());
                        for (int i = 0; i < value.length; i++) {
                            if (value[i] == '\n' || value[i] == '\r') {
                                value[i] = ' '; // whitespace between tokens: raw line breaks cannot be inside a JSON string
                            }
                        }
                        out.write(prefix);
                        out.write(value);
                        out.write('}');
                        out.write('\n');
                        c[0]++;
                        events++;
                        if (priced != null && priced.usage() != null) {
                            c[1]++;
                            c[3] += priced.usage().inputTokens();
                            c[4] += priced.usage().outputTokens();
                            c[5] += priced.usage().totalTokens();
                            costs.merge(topic, priced.usage().costUsd(), BigDecimal::add);
                        }
                    }
                }
                active.keySet().removeIf(partition -> consumer.position(partition) >= active.get(partition)[1]);
                if (System.nanoTime() >= nextProgress) {
                    progress.accept("archive: " + events + " events written");
                    nextProgress = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        } catch (IOException e) {
            throw new SomactlException("writing " + partial + " failed: " + e.getMessage(), e);
        }
        try {
            Files.move(partial, request.out(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Map<String, TopicTotals> topics = new LinkedHashMap<>();
            counts.forEach((topic, c) -> topics.put(topic.topicName(), new TopicTotals(c[0], c[1], c[2], c[3], c[4], c[5],
                    costs.getOrDefault(topic, BigDecimal.ZERO))));
            Manifest manifest = new Manifest(request.out().getFileName().toString(), FileReplay.sha256(request.out()),
                    Files.size(request.out()), events, pricingVersion, topics, read);
            JSON.writeValue(manifestOf(request.out()).toFile(), manifest);
            return manifest;
        } catch (IOException e) {
            throw new SomactlException("writing the archive " + request.out() + " failed: " + e.getMessage(), e);
        }
    }

    /** The manifest beside an archive. */
    public static Path manifestOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".manifest.json");
    }

    /** Checks an archive against its manifest: SHA-256, size, and the events per topic. */
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
        Map<String, Long> lines = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(archive)),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int start = line.indexOf("\"topic\":\"") + 9;
                lines.merge(start < 9 ? "?" : line.substring(start, line.indexOf('"', start)), 1L, Long::sum);
            }
        } catch (IOException e) {
            problems.add("cannot read it as gzip NDJSON: " + e.getMessage());
        }
        manifest.topics().forEach((topic, totals) -> {
            long found = lines.getOrDefault(topic, 0L);
            if (found != totals.events()) {
                problems.add(topic + ": " + found + " events, the manifest says " + totals.events());
            }
        });
        return new Verification(manifest, problems);
    }
}
