package io.somactl.core.ingest;

import io.somactl.core.SomactlException;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.emit.EmitLineParser;
import io.somactl.core.emit.ParsedLine;
import io.somactl.core.events.EventValidator;
import io.somactl.core.events.Topic;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Replays NDJSON files (envelopes {@code {"topic":…,"event":{…}}}, one a line, gzip when the name
 * ends in {@code .gz}) straight into ClickHouse through the same {@link EventPipeline} and
 * {@link ReplayWriter} as a topic replay.
 *
 * <p><b>Identity.</b> A file's events have no Kafka offset, so their provenance is the file's
 * content: {@code _topic} is {@code file:} and the first 16 hex digits of the file's SHA-256,
 * {@code _partition} 0, {@code _offset} the line number (from 0). Replaying the same file again (under
 * any name) finds every line stored; an event that is also stored from Kafka, or from another file,
 * is caught by its {@code (tenant, event_id)} and counted as a duplicate. So a second replay, or a
 * re-run after a stop or a crash, adds nothing twice.
 */
public final class FileReplay {
    /** What to replay: files, the topics' names (to know a topic's pipeline), a dry run, a rate cap. */
    public record Request(List<Path> files, TopicNames names, boolean dryRun, int rate, int batchSize, int maxEventBytes,
                          Duration dedupWindow) {
        public Request {
            files = List.copyOf(files);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("name at least one file to replay");
            }
            if (rate < 0) {
                throw new IllegalArgumentException("--rate must not be negative");
            }
            if (batchSize < 1 || batchSize > 1_000_000) {
                throw new IllegalArgumentException("--batch-size must be between 1 and 1000000, not " + batchSize);
            }
        }
    }

    private final Request request;
    private final EventPipeline pipeline;
    private final ReplayWriter writer;
    private final Consumer<String> log;
    private final EmitLineParser parser = new EmitLineParser(EventValidator.loadBundled(), null);
    private final Map<String, long[]> byReason = new TreeMap<>();
    private final Map<Topic, OffsetSet> stored = new EnumMap<>(Topic.class);
    private final BatchStore store;
    private org.apache.kafka.common.TopicPartition source; // the file being read, as batches count what they read
    private volatile boolean stopping;
    private long read;
    private long invalid;

    public FileReplay(Request request, ClickHouse clickHouse, RedisUsageCounters counters, Pricer pricer, Consumer<String> log) {
        this.request = request;
        this.log = log;
        Map<String, Topic> byName = new java.util.HashMap<>();
        for (Topic topic : Topic.values()) {
            byName.put(request.names().of(topic), topic);
        }
        DeadLetterSink counting = (deadLetterTopic, record, reason) -> stillInvalid(reason);
        this.store = new BatchStore(clickHouse, counters, request.dedupWindow(), counting, request.names(), new IngestMetrics(),
                log);
        this.pipeline = new EventPipeline(byName, request.names(), pricer, request.maxEventBytes(), null);
        this.writer = new ReplayWriter(store, pipeline, counters, request.dryRun());
    }

    /** Keeps per-session summaries with every stored batch (PostgreSQL); call before {@code run}. */
    public void useSessions(SessionSink sink) {
        store.useSessions(sink);
    }

    /** Asks the replay to store what it has read and return. Thread-safe. */
    public void stop() {
        stopping = true;
    }

    public Replay.Report run(Consumer<String> progress) {
        writer.begin(List.of(Topic.values()), log);
        long started = System.nanoTime();
        long nextProgress = started + Duration.ofSeconds(2).toNanos();
        boolean complete = true;
        for (Path file : request.files()) {
            String identity = "file:" + sha256(file).substring(0, 16);
            stored.clear();
            source = new org.apache.kafka.common.TopicPartition(identity, 0);
            long ingestedAt = System.currentTimeMillis() / 1000;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8), 1 << 16)) {
                long number = 0;
                for (String line = lines.readLine(); line != null; line = lines.readLine(), number++) {
                    if (stopping) {
                        complete = false;
                        break;
                    }
                    if (line.isBlank()) {
                        continue;
                    }
                    take(identity, number, line.getBytes(StandardCharsets.UTF_8), ingestedAt);
                    if (writer.records() >= request.batchSize()) {
                        flush();
                        ingestedAt = System.currentTimeMillis() / 1000;
                    }
                    throttle(started);
                    if (System.nanoTime() >= nextProgress) {
                        progress.accept(String.format("replay: %s read=%d inserted=%d already_stored=%d invalid=%d",
                                file.getFileName(), read, writer.inserted, writer.alreadyStored, invalid));
                        nextProgress = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    }
                }
            } catch (IOException e) {
                flush();
                throw new SomactlException("reading " + file + " failed: " + e.getMessage(), e);
            }
            flush();
            if (!complete) {
                break;
            }
        }
        List<String> notes = new ArrayList<>();
        if (!complete) {
            notes.add("stopped before the end; run the same replay again: what is stored is found stored");
        }
        return new Replay.Report(request.dryRun(), complete, read, writer.inserted, writer.alreadyStored, writer.duplicates,
                invalid, 0, writer.byTenant(), byReason, notes);
    }

    private void take(String identity, long line, byte[] bytes, long ingestedAt) {
        read++;
        ParsedLine parsed = parser.parse(bytes);
        if (parsed instanceof ParsedLine.Rejected rejected) {
            stillInvalid(rejected.reason());
            return;
        }
        ParsedLine.Accepted event = (ParsedLine.Accepted) parsed;
        Topic topic = event.topic();
        BatchPart part = writer.part();
        part.consumed(topic, source, line);
        OffsetSet already = stored.computeIfAbsent(topic, t -> store.storedFrom(t, identity, 0, 0));
        String reason = pipeline.process(part, pipeline.of(request.names().of(topic)), ByteBuffer.wrap(event.value()), identity, 0,
                line, null, already.contains(line), UsageKeys.partitionField(identity, 0), ingestedAt);
        if (reason != null) {
            stillInvalid(reason);
            part.deadLettered(topic);
        }
    }

    private void flush() {
        writer.flush(); // line numbers are unique within a file: what was stored meanwhile is never read again
    }

    private void stillInvalid(String reason) {
        invalid++;
        byReason.computeIfAbsent(Replay.reasonClass(reason), r -> new long[2])[1]++;
    }

    private void throttle(long started) {
        if (request.rate() <= 0) {
            return;
        }
        long wait = started + read * 1_000_000_000L / request.rate() - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }

    /**
     * Sends the files' events to their Kafka topics instead (keyed by tenant, as {@code emit} does),
     * for the live workers to ingest. Kafka gets new records each time; ingest bills each
     * {@code (tenant, event_id)} once, so a file sent twice is counted as duplicates, not billed twice.
     */
    public static io.somactl.core.emit.EmitReport toKafka(List<Path> files, io.somactl.core.kafka.KafkaSettings kafka,
                                                         TopicNames names, int maxEventBytes, boolean dryRun,
                                                         io.somactl.core.emit.EmitListener listener) {
        List<io.somactl.core.emit.EmitInput> inputs = files.stream()
                .map(file -> new io.somactl.core.emit.EmitInput(file.toString(), () -> open(file), true)).toList();
        return new io.somactl.core.emit.EventEmitter(EventValidator.loadBundled(),
                new io.somactl.core.emit.EventEmitter.Options(null, maxEventBytes, false, dryRun))
                .emit(inputs, () -> io.somactl.core.emit.KafkaEventSink.open(kafka, names, maxEventBytes), listener);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** The SHA-256 of a file's bytes as stored (compressed or not), in hex. */
    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new SomactlException("reading " + file + " failed: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
