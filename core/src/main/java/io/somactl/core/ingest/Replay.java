package io.somactl.core.ingest;

import io.somactl.core.SomactlException;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.events.Topic;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.kafka.KafkaSettings;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageKeys;
import io.somactl.core.usage.UsageTotals;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

/**
 * Re-processes a range of a telemetry topic, or its dead-letter topic, through the same
 * {@link EventPipeline} and {@link BatchStore} as ingest, under its own consumer group (the live
 * workers' group is only read, never joined).
 *
 * <p><b>Idempotent.</b> An event keeps the provenance of the record it was first written to (for a
 * dead letter, the one its {@code somactl.source.*} headers name), so what ClickHouse already holds
 * is found by the stored-offsets check, and the same event from elsewhere by the event-id check.
 * Replaying a range twice adds nothing the second time.
 *
 * <p><b>Only behind ingest.</b> A replay touches only offsets the ingest group (the live workers)
 * has committed: an event ingest has yet to read, or may re-read after a crash, is left to ingest,
 * which would otherwise store it a second time.
 *
 * <p><b>Redis.</b> A replay adds rows below the ingest watermarks, which counting by offset cannot
 * express, so Redis follows ClickHouse instead: the tenants a batch adds rows for are marked in
 * Redis ({@link UsageKeys#replayRecount()}) before the insert and their counters recomputed from
 * ClickHouse after it, as {@code budget rebuild} does, guarded against a worker counting meanwhile.
 * A replay killed in between recounts the marked tenants when it runs again. A running ingest worker
 * that counts a batch while the recount moves its watermarks finds them moved, re-reads the batch
 * and counts nothing twice.
 *
 * <p><b>Nothing sent.</b> Events still invalid are counted, not dead-lettered again: those of a
 * telemetry topic are there already, those of a dead-letter topic stay where they are. A dry run
 * reads only: no insert, no Redis write, no commit.
 *
 * <p><b>Progress.</b> Offsets are committed to the replay's group after each batch is stored; a
 * stopped or killed replay run again continues there. A replay that reaches the end of its range
 * deletes its group, so the next one starts afresh.
 */
public final class Replay implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int MAX_REASON = 100;

    /**
     * What to replay: the topics (their dead-letter topics with {@code deadLetters}); offsets per
     * partition {from, to} (one topic only; to exclusive), or a time range (either end may be null),
     * or else each partition whole; the replay's own group; the ingest group it stays behind.
     */
    public record Request(
            List<Topic> topics,
            TopicNames names,
            boolean deadLetters,
            Map<Integer, long[]> offsets,
            Instant from,
            Instant to,
            String group,
            String ingestGroup,
            boolean dryRun,
            int rate,
            int batchSize,
            int maxEventBytes,
            Duration dedupWindow) {
        public Request {
            topics = List.copyOf(topics);
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("name at least one topic to replay");
            }
            if (offsets != null && !offsets.isEmpty() && topics.size() != 1) {
                throw new IllegalArgumentException("--offsets needs exactly one --topic");
            }
            if (offsets != null && !offsets.isEmpty() && (from != null || to != null)) {
                throw new IllegalArgumentException("give either --offsets or --from/--to, not both");
            }
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalArgumentException("--from must be before --to");
            }
            if (rate < 0) {
                throw new IllegalArgumentException("--rate must not be negative");
            }
            if (batchSize < 1 || batchSize > 1_000_000) {
                throw new IllegalArgumentException("--batch-size must be between 1 and 1000000, not " + batchSize);
            }
        }
    }

    /** What a replay did (or, dry, would do). {@code byTenant}: the usage of the rows it added. */
    public record Report(
            boolean dryRun,
            boolean complete,
            long read,
            long inserted,
            long alreadyStored,
            long duplicates,
            long invalid,
            long notYetIngested,
            Map<String, UsageTotals> byTenant,
            Map<String, long[]> byReason,
            List<String> notes) {
        /** Per reason, {ingested, still invalid}: for dead letters, the reason they were dead-lettered with. */
        public Map<String, long[]> byReason() {
            return byReason;
        }
    }

    private final Request request;
    private final KafkaSettings kafka;
    private final RedisUsageCounters counters;
    private final BatchStore store;
    private final EventPipeline pipeline;
    private final ReplayWriter writer;
    private final Consumer<String> log;
    private final Map<String, Topic> topicsByReadName = new HashMap<>();
    private final Map<TopicPartition, long[]> ranges = new LinkedHashMap<>(); // read partition -> {start, end}
    private final Map<TopicPartition, Long> ingestCommitted = new HashMap<>();
    private final Map<TopicPartition, OffsetSet> storedCache = new HashMap<>(); // by provenance partition
    private final Map<String, long[]> byReason = new TreeMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Admin admin;
    private final KafkaConsumer<byte[], ByteBuffer> consumer;
    private volatile boolean stopping;
    private long read;
    private long invalid;
    private long notYetIngested;

    public Replay(
            Request request,
            KafkaSettings kafka,
            ClickHouse clickHouse,
            RedisUsageCounters counters,
            Pricer pricer,
            Consumer<String> log) {
        this.request = request;
        this.kafka = kafka;
        this.counters = counters;
        this.log = log;
        Map<String, Topic> bySourceName = new HashMap<>();
        for (Topic topic : request.topics()) {
            bySourceName.put(request.names().of(topic), topic);
            topicsByReadName.put(
                    request.deadLetters()
                            ? request.names().deadLetterOf(topic)
                            : request.names().of(topic),
                    topic);
        }
        DeadLetterSink counting = (deadLetterTopic, record, reason) -> stillInvalid(record, reason);
        this.store = new BatchStore(
                clickHouse, counters, request.dedupWindow(), counting, request.names(), new IngestMetrics(), log);
        this.pipeline = new EventPipeline(bySourceName, request.names(), pricer, request.maxEventBytes(), null);
        this.writer = new ReplayWriter(store, pipeline, counters, request.dryRun());
        this.admin = Admin.create(kafka.clientConfig());
        Properties config = kafka.clientConfig();
        if (!request.dryRun()) {
            config.put("group.id", request.group());
        }
        config.put("enable.auto.commit", "false");
        config.put("auto.offset.reset", "earliest");
        config.put("isolation.level", "read_committed");
        config.put(
                "max.poll.records",
                String.valueOf(
                        Math.min(request.batchSize(), request.rate() > 0 ? Math.max(1, request.rate()) : 10_000)));
        config.put("client.id", "somactl-replay");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteBufferDeserializer());
    }

    /** Keeps per-session summaries with every stored batch (PostgreSQL); call before {@code run}. */
    public void useSessions(SessionSink sink) {
        store.useSessions(sink);
    }

    /** Asks the replay to store what it has read and return. Thread-safe. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** Replays the range; {@code progress} gets a line every few seconds. */
    public Report run(Consumer<String> progress) {
        return run(Progress.lines("replay", progress));
    }

    /** Replays the range, telling {@code progress} how far (by records of the range read). */
    public Report run(Progress progress) {
        plan();
        writer.begin(request.topics(), log);
        Map<TopicPartition, long[]> active = new LinkedHashMap<>();
        ranges.forEach((partition, range) -> {
            if (range[0] < range[1]) {
                active.put(partition, range);
            }
        });
        long total = active.values().stream().mapToLong(r -> r[1] - r[0]).sum();
        consumer.assign(active.keySet());
        active.forEach((partition, range) -> consumer.seek(partition, range[0]));
        long started = System.nanoTime();
        try {
            while (!stopping && !active.isEmpty()) {
                ConsumerRecords<byte[], ByteBuffer> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    break;
                }
                long ingestedAt = System.currentTimeMillis() / 1000;
                for (TopicPartition partition : records.partitions()) {
                    long[] range = active.get(partition);
                    if (range == null) {
                        continue;
                    }
                    for (ConsumerRecord<byte[], ByteBuffer> record : records.records(partition)) {
                        if (record.offset() >= range[1]) {
                            break;
                        }
                        take(partition, record, ingestedAt);
                    }
                }
                active.keySet().removeIf(partition -> consumer.position(partition) >= active.get(partition)[1]);
                if (writer.records() >= request.batchSize()
                        || (writer.records() > 0 && (records.isEmpty() || active.isEmpty()))) {
                    flush();
                }
                throttle(started);
                progress.at(read, total == 0 ? 1 : (double) read / total, progressLine(total));
            }
        } catch (WakeupException e) {
            // stop(): what was read is stored below
        }
        flush();
        boolean complete = active.isEmpty();
        if (complete && !request.dryRun()) {
            forgetProgress();
        }
        progress.at(read, total == 0 ? 1 : (double) read / total, progressLine(total));
        progress.finished();
        if (!complete) {
            notes.add("stopped before the end of the range; run the same replay again to continue where it stopped");
        }
        return new Report(
                request.dryRun(),
                complete,
                read,
                writer.inserted,
                writer.alreadyStored,
                writer.duplicates,
                invalid,
                notYetIngested,
                writer.byTenant(),
                byReason,
                notes);
    }

    /** Each read partition's range {start, end}: asked of the broker, clipped behind ingest, resumed from the group. */
    private void plan() {
        Map<TopicPartition, long[]> asked = TopicRanges.resolve(
                consumer, topicsByReadName.keySet(), request.offsets(), request.from(), request.to(), kafka.timeout());
        ingestCommitted.putAll(groupOffsets(request.ingestGroup()));
        Map<TopicPartition, Long> resumed = request.dryRun() ? Map.of() : groupOffsets(request.group());
        asked.forEach((partition, range) -> {
            long from = range[0];
            long to = range[1];
            if (!request.deadLetters()) {
                Long behind = ingestCommitted.get(partition);
                if (behind == null || behind < to) {
                    long clipped = behind == null ? from : Math.max(from, behind);
                    if (clipped < to) {
                        notes.add(partition + ": offsets " + clipped + " to " + to + " are left to ingest (group "
                                + request.ingestGroup() + " has "
                                + (behind == null ? "not committed there" : "committed " + behind)
                                + ")");
                    }
                    to = Math.min(to, clipped);
                }
            }
            Long done = resumed.get(partition);
            if (done != null && done > from && done <= to) {
                from = done;
            }
            ranges.put(partition, new long[] {from, Math.max(from, to)});
        });
        if (!resumed.isEmpty()) {
            log.accept("continuing the replay of group " + request.group() + " where it stopped");
        }
    }

    private Map<TopicPartition, Long> groupOffsets(String group) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .forEach((partition, offset) -> {
                        if (offset != null) {
                            offsets.put(partition, offset.offset());
                        }
                    });
            return offsets;
        } catch (ExecutionException e) {
            throw new SomactlException(
                    "reading the offsets of group " + group + " failed: "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted while reading the offsets of group " + group, e);
        }
    }

    private void take(TopicPartition partition, ConsumerRecord<byte[], ByteBuffer> record, long ingestedAt) {
        Topic topic = topicsByReadName.get(partition.topic());
        BatchPart part = writer.part();
        part.consumed(topic, partition, record.offset());
        read++;
        String sourceTopic = record.topic();
        int sourcePartition = record.partition();
        long sourceOffset = record.offset();
        String original = null;
        if (request.deadLetters()) {
            original = reasonClass(header(record, DeadLetters.REASON));
            String topicHeader = header(record, DeadLetters.SOURCE_TOPIC);
            String partitionHeader = header(record, DeadLetters.SOURCE_PARTITION);
            String offsetHeader = header(record, DeadLetters.SOURCE_OFFSET);
            if ("true".equals(header(record, DeadLetters.TRUNCATED))) {
                stillInvalid(
                        record, "a stub of a record too large to dead-letter whole (replay its source range instead)");
                return;
            }
            if (topicHeader == null
                    || partitionHeader == null
                    || offsetHeader == null
                    || !topicHeader.equals(request.names().of(topic))) {
                stillInvalid(
                        record,
                        "no source topic, partition and offset of "
                                + request.names().of(topic) + " in its headers");
                return;
            }
            try {
                sourcePartition = Integer.parseInt(partitionHeader);
                sourceOffset = Long.parseLong(offsetHeader);
            } catch (NumberFormatException e) {
                stillInvalid(
                        record,
                        "no source topic, partition and offset of "
                                + request.names().of(topic) + " in its headers");
                return;
            }
            sourceTopic = topicHeader;
            Long behind = ingestCommitted.get(new TopicPartition(sourceTopic, sourcePartition));
            if (behind == null || sourceOffset >= behind) {
                notYetIngested++; // ingest may read its source again after a crash: left to ingest
                return;
            }
        }
        TopicPartition source = new TopicPartition(sourceTopic, sourcePartition);
        long from = request.deadLetters() ? 0 : ranges.get(partition)[0];
        OffsetSet stored =
                storedCache.computeIfAbsent(source, s -> store.storedFrom(topic, s.topic(), s.partition(), from));
        boolean already = stored.contains(sourceOffset);
        String reason = pipeline.process(
                part,
                pipeline.of(sourceTopic),
                record.value(),
                sourceTopic,
                sourcePartition,
                sourceOffset,
                record,
                already,
                UsageKeys.partitionField(sourceTopic, sourcePartition),
                ingestedAt);
        if (reason != null) {
            stillInvalid(record, reason);
            part.deadLettered(topic);
        } else if (original != null && !already) {
            byReason.computeIfAbsent(original, r -> new long[2])[0]++;
        }
    }

    /** An event that is still invalid: counted by reason (for a dead letter, the one it was dead-lettered with). */
    private void stillInvalid(ConsumerRecord<byte[], ByteBuffer> record, String reason) {
        invalid++;
        String original = request.deadLetters() ? header(record, DeadLetters.REASON) : null;
        byReason.computeIfAbsent(reasonClass(original != null ? original : reason), r -> new long[2])[1]++;
    }

    /** Stores the batch (dry: only checks what it would store), recounts its tenants, commits. */
    private void flush() {
        IngestBatch done = writer.flush();
        if (done != null && !request.dryRun()) {
            Map<TopicPartition, OffsetAndMetadata> next = done.nextOffsets();
            try {
                consumer.commitSync(next);
            } catch (WakeupException e) {
                consumer.commitSync(next); // stop() arrived mid-commit: the batch is stored, finish the commit
            }
            storedCache.clear(); // what was just inserted is stored now (a dead letter may come twice)
        }
    }

    /** Deletes the replay group's offsets: the range is done, the next replay starts afresh. */
    private void forgetProgress() {
        try {
            admin.deleteConsumerGroups(List.of(request.group())).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                log.accept("could not delete replay group " + request.group() + ": "
                        + e.getCause().getMessage()
                        + "; the next replay with it continues from its offsets, give it another --group");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void throttle(long started) {
        if (request.rate() <= 0) {
            return;
        }
        long due = started + read * 1_000_000_000L / request.rate();
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }

    private String progressLine(long total) {
        return String.format(
                "read=%d of %d inserted=%d already_stored=%d invalid=%d",
                read, total, writer.inserted, writer.alreadyStored, invalid);
    }

    private static String header(ConsumerRecord<byte[], ByteBuffer> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A reason as a report groups it: up to its first detail ({@code cannot price}, {@code not JSON}). */
    static String reasonClass(String reason) {
        if (reason == null) {
            return "(no reason)";
        }
        int cut = reason.length();
        for (String stop : List.of(": ", " at offset", "; ", " (")) {
            int at = reason.indexOf(stop);
            if (at > 0) {
                cut = Math.min(cut, at);
            }
        }
        String head = reason.substring(0, cut);
        return head.length() > MAX_REASON ? head.substring(0, MAX_REASON) + "…" : head;
    }

    @Override
    public void close() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
