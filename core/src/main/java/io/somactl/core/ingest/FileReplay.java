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
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
 * Replays archives straight into ClickHouse through the same {@link EventPipeline} and
 * {@link ReplayWriter} as a topic replay: NDJSON files (envelopes {@code {"topic":…,"event":{…}}},
 * one a line, gzip when the name ends in {@code .gz}) or Parquet archives ({@link ParquetArchive}).
 *
 * <p><b>Identity.</b> A file's events have no Kafka offset, so their provenance is the file's
 * content: {@code _topic} is {@code file:} and the first 16 hex digits of the file's SHA-256,
 * {@code _partition} 0, {@code _offset} the line (Parquet: row) number, from 0. Replaying the same file again (under
 * any name) finds every line stored; an event that is also stored from Kafka, or from another file,
 * is caught by its {@code (tenant, event_id)} and counted as a duplicate. So a second replay, or a
 * re-run after a stop or a crash, adds nothing twice.
 *
 * <p><b>Bulk.</b> The next batch is read and priced while the last one is stored (one batch in
 * flight, stored in order), and tenants are recounted in Redis every {@link #RECOUNT_EVERY} and at
 * the end rather than after each batch (see {@link ReplayWriter}).
 */
public final class FileReplay {
    /** How long tenants a file replay adds rows for may wait for their Redis recount (see {@link ReplayWriter}). */
    static final Duration RECOUNT_EVERY = Duration.ofSeconds(30);
    /** Lanes that read, price and encode NDJSON lines, as ingest's {@code --threads}: one per core, at most 4. */
    static final int LANES = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /** Lines read before the lanes take their shares of them. */
    private static final int ROUND_LINES = 4096;

    private final List<EventPipeline> pipelines = new ArrayList<>();
    private final java.util.concurrent.ExecutorService laneThreads;

    /** What to replay: files, the topics' names (to know a topic's pipeline), a dry run, a rate cap. */
    public record Request(
            List<Path> files,
            TopicNames names,
            boolean dryRun,
            int rate,
            int batchSize,
            int maxEventBytes,
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
    private final ReplayWriter writer;
    private final Consumer<String> log;
    private EmitLineParser parser; // for lines other than the usual envelope; made when first needed
    private final Map<String, long[]> byReason = new TreeMap<>();
    private final Map<Topic, OffsetSet> stored = new EnumMap<>(Topic.class);
    private final BatchStore store;
    private org.apache.kafka.common.TopicPartition source; // the file being read, as batches count what they read
    private volatile boolean stopping;
    private final java.util.concurrent.ExecutorService storing =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "somactl-replay-store");
                thread.setDaemon(true);
                return thread;
            });
    private java.util.concurrent.Future<?> inFlight;
    private long ingestedAt;
    private String usageField; // the Redis watermark field of the file being read
    private long read;
    private long invalid;

    public FileReplay(
            Request request, ClickHouse clickHouse, RedisUsageCounters counters, Pricer pricer, Consumer<String> log) {
        this.request = request;
        this.log = log;
        Map<String, Topic> byName = new java.util.HashMap<>();
        for (Topic topic : Topic.values()) {
            byName.put(request.names().of(topic), topic);
        }
        DeadLetterSink counting = (deadLetterTopic, record, reason) -> stillInvalid(reason);
        this.store = new BatchStore(
                clickHouse, counters, request.dedupWindow(), counting, request.names(), new IngestMetrics(), log);
        for (int lane = 0; lane < LANES; lane++) {
            pipelines.add(new EventPipeline(byName, request.names(), pricer, request.maxEventBytes(), null));
        }
        this.writer = new ReplayWriter(store, pipelines, counters, request.dryRun(), RECOUNT_EVERY);
        this.laneThreads = LANES > 1
                ? java.util.concurrent.Executors.newFixedThreadPool(LANES - 1, r -> {
                    Thread thread = new Thread(r, "somactl-replay-lane");
                    thread.setDaemon(true);
                    return thread;
                })
                : null;
    }

    /** Keeps per-session summaries with every stored batch (PostgreSQL); call before {@code run}. */
    public void useSessions(SessionSink sink) {
        store.useSessions(sink);
    }

    /** Asks the replay to store what it has read and return. Thread-safe. */
    public void stop() {
        stopping = true;
    }

    /** Replays the files; {@code progress} gets a line every few seconds. */
    public Replay.Report run(Consumer<String> progress) {
        return run(Progress.lines("replay", progress));
    }

    /** Replays the files, telling {@code progress} how far (by the bytes of the files read). */
    public Replay.Report run(Progress progress) {
        writer.begin(List.of(Topic.values()), log);
        long started = System.nanoTime();
        long totalBytes = 0;
        for (Path file : request.files()) {
            totalBytes += size(file);
        }
        long doneBytes = 0;
        boolean complete = true;
        for (Path file : request.files()) {
            String identity = "file:" + sha256(file).substring(0, 16);
            stored.clear();
            source = new org.apache.kafka.common.TopicPartition(identity, 0);
            usageField = UsageKeys.partitionField(identity, 0);
            for (Topic topic : Topic.values()) { // read by the lanes, so all of them now
                stored.put(topic, store.storedFrom(topic, identity, 0, 0));
            }
            ingestedAt = System.currentTimeMillis() / 1000;
            long before = doneBytes;
            long all = Math.max(1, totalBytes);
            try {
                if (ArchiveFormat.isParquet(file)) {
                    long fileBytes = size(file);
                    double rows = Math.max(1, ParquetArchive.rows(file));
                    ParquetArchive.read(file, (number, row) -> {
                        if (stopping) {
                            return false;
                        }
                        Topic topic = Topic.byName(row.topic()).orElse(null);
                        read++;
                        if (topic == null) {
                            stillInvalid("unknown topic '" + row.topic() + "'");
                        } else {
                            take(0, identity, number, topic, ByteBuffer.wrap(row.event()));
                        }
                        afterEvent(started, progress, (before + fileBytes * ((number + 1) / rows)) / all);
                        return true;
                    });
                    doneBytes += fileBytes;
                } else {
                    try (CountingInput counted = new CountingInput(Files.newInputStream(file));
                            InputStream in = file.getFileName().toString().endsWith(".gz")
                                    ? new GZIPInputStream(counted, 1 << 16)
                                    : counted) {
                        LineSplitter lines = new LineSplitter(in);
                        int round = Math.max(LANES, Math.min(ROUND_LINES, request.batchSize()));
                        byte[][] texts = new byte[round][];
                        long[] numbers = new long[round];
                        long number = 0;
                        boolean more = true;
                        while (more && !stopping) {
                            int n = 0;
                            while (n < round && (more = lines.next())) {
                                long at = number++;
                                if (!lines.isBlank()) {
                                    texts[n] = java.util.Arrays.copyOfRange(lines.buffer(), lines.from(), lines.to());
                                    numbers[n++] = at;
                                }
                            }
                            read += n;
                            takeLines(identity, texts, numbers, n);
                            afterRound(started, progress, (double) (before + counted.count) / all);
                        }
                        doneBytes += counted.count;
                    }
                }
            } catch (IOException e) {
                flush();
                awaitStored();
                throw new SomactlException("reading " + file + " failed: " + e.getMessage(), e);
            }
            flush();
            if (stopping) {
                complete = false;
                break;
            }
        }
        awaitStored();
        storing.shutdown();
        if (laneThreads != null) {
            laneThreads.shutdown();
        }
        if (!request.dryRun()) {
            writer.finish();
        }
        progress.at(read, complete ? 1 : (double) doneBytes / Math.max(1, totalBytes), status());
        progress.finished();
        List<String> notes = new ArrayList<>();
        if (!complete) {
            notes.add("stopped before the end; run the same replay again: what is stored is found stored");
        }
        return new Replay.Report(
                request.dryRun(),
                complete,
                read,
                writer.inserted,
                writer.alreadyStored,
                writer.duplicates,
                invalid,
                0,
                writer.byTenant(),
                byReason,
                notes);
    }

    private void afterRound(long started, Progress progress, double fraction) {
        if (writer.records() >= request.batchSize()) {
            flush();
            ingestedAt = System.currentTimeMillis() / 1000;
        }
        throttle(started);
        progress.at(read, fraction, status());
    }

    /**
     * Lines {@code [0, n)} of a round: each lane takes an equal share, the first on this thread, into
     * its own part of the batch (which lane read a line does not matter: rows are checked by their
     * line numbers and event ids, whatever their order).
     */
    private void takeLines(String identity, byte[][] texts, long[] numbers, int n) {
        int lanes = n >= 64 * LANES ? LANES : 1;
        List<java.util.concurrent.Future<?>> others = new ArrayList<>();
        for (int lane = 1; lane < lanes; lane++) {
            int of = lane;
            int from = (int) ((long) n * lane / lanes);
            int to = (int) ((long) n * (lane + 1) / lanes);
            others.add(laneThreads.submit(() -> takeRange(of, identity, texts, numbers, from, to)));
        }
        try {
            takeRange(0, identity, texts, numbers, 0, n / lanes);
        } finally {
            for (java.util.concurrent.Future<?> other : others) {
                try {
                    other.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException runtime
                            ? runtime
                            : new SomactlException("a lane failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SomactlException("interrupted while the lanes read", e);
                }
            }
        }
    }

    private void takeRange(int lane, String identity, byte[][] texts, long[] numbers, int from, int to) {
        for (int i = from; i < to; i++) {
            takeLine(lane, identity, numbers[i], texts[i], 0, texts[i].length);
        }
    }

    private void afterEvent(long started, Progress progress, double fraction) {
        if (writer.records() >= request.batchSize()) {
            flush();
            ingestedAt = System.currentTimeMillis() / 1000;
        }
        throttle(started);
        if ((read & 1023) == 0) {
            progress.at(read, fraction, status());
        }
    }

    private String status() {
        return String.format(
                "read=%d inserted=%d already_stored=%d duplicates=%d invalid=%d",
                read, writer.inserted, writer.alreadyStored, writer.duplicates, invalid);
    }

    /**
     * One NDJSON line. The usual line, an envelope exactly as {@code archive} and {@code generate}
     * write it ({@code {"topic":"NAME","event":…}}), is cut apart where it stands and its event handed
     * to the pipeline, which reads it strictly (trailing data, duplicate keys, bad UTF-8 refused);
     * any other line goes through emit's parser, which words what is wrong with it.
     */
    private void takeLine(int lane, String identity, long line, byte[] bytes, int from, int to) {
        while (to > from && (bytes[to - 1] == ' ' || bytes[to - 1] == '\t' || bytes[to - 1] == '\r')) {
            to--;
        }
        Topic topic = Envelopes.topic(bytes, from, to);
        if (topic != null) {
            int event = from + Envelopes.eventStart(topic);
            take(lane, identity, line, topic, ByteBuffer.wrap(bytes, event, to - 1 - event));
            return;
        }
        ParsedLine parsed = parser().parse(java.util.Arrays.copyOfRange(bytes, from, to));
        if (parsed instanceof ParsedLine.Rejected rejected) {
            stillInvalid(rejected.reason());
            return;
        }
        ParsedLine.Accepted event = (ParsedLine.Accepted) parsed;
        take(lane, identity, line, event.topic(), ByteBuffer.wrap(event.value()));
    }

    private synchronized EmitLineParser parser() { // thread-safe once made; lanes may ask for it at once
        if (parser == null) {
            parser = new EmitLineParser(EventValidator.loadBundled(), null);
        }
        return parser;
    }

    private void take(int lane, String identity, long line, Topic topic, ByteBuffer event) {
        BatchPart part = writer.part(lane);
        part.consumed(topic, source, line);
        OffsetSet already = stored.get(topic);
        EventPipeline pipeline = pipelines.get(lane);
        String reason = pipeline.process(
                part,
                pipeline.of(request.names().of(topic)),
                event,
                identity,
                0,
                line,
                null,
                already.contains(line),
                usageField,
                ingestedAt);
        if (reason != null) {
            stillInvalid(reason);
            part.deadLettered(topic);
        }
    }

    /**
     * Hands the batch read so far to the storing thread, once the batch before it is stored, and goes
     * on reading: reading and pricing the next batch overlaps the insert of this one (one batch in
     * flight, stored in order, so each batch's event ids are checked against every batch before it).
     * Line numbers are unique within a file: what is stored meanwhile is never read again.
     */
    private void flush() {
        IngestBatch done = writer.cut();
        awaitStored();
        if (done != null) {
            inFlight = storing.submit(() -> writer.store(done));
        }
    }

    /** Waits until the batch in flight is stored; rethrows what made it fail. */
    private void awaitStored() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SomactlException("storing a batch failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted while a batch was stored", e);
        } finally {
            inFlight = null;
        }
    }

    private synchronized void stillInvalid(String reason) { // also called by the storing thread (event-id conflicts)
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
    public static io.somactl.core.emit.EmitReport toKafka(
            List<Path> files,
            io.somactl.core.kafka.KafkaSettings kafka,
            TopicNames names,
            int maxEventBytes,
            boolean dryRun,
            io.somactl.core.emit.EmitListener listener) {
        List<io.somactl.core.emit.EmitInput> inputs = files.stream()
                .map(file -> new io.somactl.core.emit.EmitInput(file.toString(), () -> open(file), true))
                .toList();
        return new io.somactl.core.emit.EventEmitter(
                        EventValidator.loadBundled(),
                        new io.somactl.core.emit.EventEmitter.Options(null, maxEventBytes, false, dryRun))
                .emit(inputs, () -> io.somactl.core.emit.KafkaEventSink.open(kafka, names, maxEventBytes), listener);
    }

    private static InputStream open(Path file) throws IOException {
        if (ArchiveFormat.isParquet(file)) {
            return ParquetArchive.envelopes(file);
        }
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new SomactlException("reading " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Counts the bytes read through it (of the file as stored), for progress. */
    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
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
