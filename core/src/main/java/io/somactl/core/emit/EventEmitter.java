package io.somactl.core.emit;

import io.somactl.core.SomactlException;
import io.somactl.core.events.EventValidator;
import io.somactl.core.events.Topic;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code somactl emit}: reads NDJSON lines (envelopes, or bare events for a default topic; see
 * {@link EmitLineParser}), validates each against its topic's schema and sends the valid ones to
 * Kafka keyed by tenant; invalid lines are reported to the {@link EmitListener} as
 * {@code FILE:LINE: reason} and not sent.
 *
 * <p>Pipeline: one thread reads lines into batches of up to {@value #BATCH_LINES} lines, one worker
 * per processor parses and validates batches in parallel, and the calling thread takes the batches
 * back <em>in input order</em> and sends their events, so each tenant's events reach their partition
 * in input order. The queue between them is bounded, so memory stays flat whatever the input size.
 * The run ends when every sent event is acknowledged; the first failed send stops it, and the
 * failure is thrown (a server that does not answer as {@link io.somactl.core.ServerUnreachableException}).
 *
 * <p>Modes:
 * <ul>
 *   <li>default: invalid lines are skipped; everything valid is sent.
 *   <li><b>strict</b>: the whole input is validated first, sending nothing; only if every line is
 *       valid is it read again and sent. Standard input, which cannot be read twice, is copied
 *       during the first pass to a temporary file readable only by its owner (deleted afterwards).
 *       If a file changes between the two passes, lines that became invalid are reported and skipped.
 *   <li><b>dry run</b>: validate and report only; no server is contacted.
 * </ul>
 * Blank lines are skipped and never invalid. A line over {@link Options#maxLineBytes()} is invalid
 * and is skipped without being held in memory.
 */
public final class EventEmitter {
    /** How often a long run reports progress. */
    public static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
    /** The default longest line: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    static final int BATCH_LINES = 2048;
    private static final long BATCH_BYTES = 4L << 20;

    private final EventValidator validator;
    private final Options options;
    private final int workers;

    /**
     * @param defaultTopic topic of bare events ({@code --topic}), or null
     * @param maxLineBytes longer lines are invalid
     * @param strict send nothing unless every line is valid
     * @param dryRun validate only
     */
    public record Options(Topic defaultTopic, int maxLineBytes, boolean strict, boolean dryRun) {
        public Options {
            if (maxLineBytes < 2) {
                throw new IllegalArgumentException("the longest line must be at least 2 bytes, not " + maxLineBytes);
            }
        }
    }

    public EventEmitter(EventValidator validator, Options options) {
        this(validator, options, Runtime.getRuntime().availableProcessors());
    }

    EventEmitter(EventValidator validator, Options options, int workers) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.options = Objects.requireNonNull(options, "options");
        this.workers = Math.max(1, workers);
    }

    /**
     * Emits every line of {@code inputs}, in order.
     *
     * @param sink opens the sink; not called for a dry run, nor in strict mode when a line is invalid
     */
    public EmitReport emit(List<EmitInput> inputs, EventSink.Opener sink, EmitListener listener) {
        long start = System.nanoTime();
        if (options.dryRun()) {
            Counts counts = run(inputs, null, listener, "validating", start);
            return counts.report(EmitReport.Outcome.VALIDATED, start);
        }
        if (!options.strict()) {
            try (EventSink opened = sink.open()) {
                return run(inputs, opened, listener, "sending", start).report(EmitReport.Outcome.SENT, start);
            }
        }
        Path spool = null;
        try {
            List<EmitInput> firstPass = new ArrayList<>();
            List<EmitInput> secondPass = new ArrayList<>();
            for (EmitInput input : inputs) {
                if (input.rereadable()) {
                    firstPass.add(input);
                    secondPass.add(input);
                } else {
                    if (spool != null) {
                        throw new IllegalArgumentException("standard input can be read only once; name it once");
                    }
                    Path file = Files.createTempFile("somactl-emit-", ".ndjson");
                    spool = file;
                    firstPass.add(new EmitInput(
                            input.name(), () -> new Tee(input.open(), Files.newOutputStream(file)), false));
                    secondPass.add(new EmitInput(input.name(), () -> Files.newInputStream(file), true));
                }
            }
            Counts checked = run(firstPass, null, listener, "validating", start);
            if (checked.invalid() > 0) {
                return checked.report(EmitReport.Outcome.REFUSED, start);
            }
            try (EventSink opened = sink.open()) {
                return run(secondPass, opened, listener, "sending", start).report(EmitReport.Outcome.SENT, start);
            }
        } catch (IOException e) {
            throw new SomactlException(
                    "cannot spool standard input to a temporary file for --strict: " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // a leftover temporary file is not worth failing a run that went well
                }
            }
        }
    }

    private Counts run(List<EmitInput> inputs, EventSink sink, EmitListener listener, String phase, long start) {
        EmitLineParser parser = new EmitLineParser(validator, options.defaultTopic());
        Counts counts = new Counts();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, task -> {
            Thread thread = new Thread(task, "somactl-emit-validate-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        BlockingQueue<Future<Batch>> queue = new ArrayBlockingQueue<>(2 * workers + 2);
        Thread reader = new Thread(() -> read(inputs, parser, pool, queue), "somactl-emit-reader");
        reader.setDaemon(true);
        reader.start();
        long lastProgress = start;
        long interval = PROGRESS_INTERVAL.toNanos();
        try {
            while (failure.get() == null) {
                Batch batch = take(queue);
                if (batch == Batch.END) {
                    break;
                }
                for (int i = 0; i < batch.size; i++) {
                    counts.lines++;
                    ParsedLine parsed = batch.results[i];
                    if (parsed instanceof ParsedLine.Accepted accepted) {
                        int topic = accepted.topic().ordinal();
                        counts.valid[topic]++;
                        if (sink != null) {
                            String source = batch.source;
                            long line = batch.numbers[i];
                            sink.send(
                                    accepted.topic(),
                                    accepted.tenant().getBytes(StandardCharsets.UTF_8),
                                    accepted.value(),
                                    problem -> {
                                        if (problem == null) {
                                            counts.sent.incrementAndGet(topic);
                                        } else {
                                            failure.compareAndSet(null, where(problem, source, line, counts));
                                        }
                                    });
                        }
                    } else if (parsed instanceof ParsedLine.Rejected rejected) {
                        if (rejected.topic() == null) {
                            counts.invalidWithoutTopic++;
                        } else {
                            counts.invalid[rejected.topic().ordinal()]++;
                        }
                        listener.invalid(
                                new InvalidLine(batch.source, batch.numbers[i], rejected.topic(), rejected.reason()));
                    }
                }
                long now = System.nanoTime();
                if (now - start >= interval && now - lastProgress >= interval) {
                    lastProgress = now;
                    listener.progress(new EmitProgress(
                            phase, counts.lines, counts.invalid(), counts.sentTotal(), Duration.ofNanos(now - start)));
                }
            }
            if (sink != null) {
                sink.flush();
            }
        } finally {
            reader.interrupt();
            pool.shutdownNow();
        }
        RuntimeException failed = failure.get();
        if (failed != null) {
            throw failed;
        }
        return counts;
    }

    private static RuntimeException where(RuntimeException problem, String source, long line, Counts counts) {
        if (problem instanceof io.somactl.core.ServerUnreachableException) {
            return problem;
        }
        return new SomactlException(
                "sending " + source + ":" + line + " failed: " + problem.getMessage()
                        + ". The run stopped after " + counts.sentTotal()
                        + " events were acknowledged; they stay in Kafka,"
                        + " so sending the same input again would send them twice",
                problem);
    }

    private static Batch take(BlockingQueue<Future<Batch>> queue) {
        try {
            return queue.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SomactlException(cause.getMessage(), cause);
        }
    }

    /** The reader thread: lines into batches, batches to the workers, futures into the queue in order. */
    private void read(
            List<EmitInput> inputs, EmitLineParser parser, ExecutorService pool, BlockingQueue<Future<Batch>> queue) {
        try {
            for (EmitInput input : inputs) {
                try (InputStream in = input.open()) {
                    LineReader lines = new LineReader(in, options.maxLineBytes());
                    Batch[] current = {new Batch(input.name())};
                    LineReader.Sink sink = new LineReader.Sink() {
                        @Override
                        public void line(long number, byte[] bytes) {
                            current[0].add(number, bytes, -1);
                        }

                        @Override
                        public void oversized(long number, long length) {
                            current[0].add(number, null, length);
                        }
                    };
                    while (lines.next(sink)) {
                        if (current[0].full()) {
                            submit(current[0], parser, pool, queue);
                            current[0] = new Batch(input.name());
                        }
                    }
                    if (current[0].size > 0) {
                        submit(current[0], parser, pool, queue);
                    }
                } catch (NoSuchFileException e) {
                    throw new SomactlException("cannot read " + input.name() + ": no such file");
                } catch (IOException e) {
                    throw new SomactlException("cannot read " + input.name() + ": " + e.getMessage(), e);
                }
            }
            queue.put(CompletableFuture.completedFuture(Batch.END));
        } catch (InterruptedException e) {
            // the sender stopped: nobody is waiting for more
        } catch (RuntimeException e) {
            try {
                queue.put(CompletableFuture.failedFuture(e));
            } catch (InterruptedException stopped) {
                // the sender stopped already
            }
        }
    }

    private void submit(Batch batch, EmitLineParser parser, ExecutorService pool, BlockingQueue<Future<Batch>> queue)
            throws InterruptedException {
        queue.put(pool.submit(() -> batch.parse(parser, options.maxLineBytes())));
    }

    /** Up to {@value #BATCH_LINES} consecutive lines of one input, then what each turned out to be. */
    private static final class Batch {
        static final Batch END = new Batch("");

        final String source;
        final long[] numbers = new long[BATCH_LINES];
        final byte[][] lines = new byte[BATCH_LINES][];
        final long[] oversized = new long[BATCH_LINES];
        ParsedLine[] results;
        int size;
        long bytes;

        Batch(String source) {
            this.source = source;
        }

        void add(long number, byte[] line, long oversizedLength) {
            numbers[size] = number;
            lines[size] = line;
            oversized[size] = oversizedLength;
            size++;
            bytes += line == null ? 0 : line.length;
        }

        boolean full() {
            return size == BATCH_LINES || bytes >= BATCH_BYTES;
        }

        Batch parse(EmitLineParser parser, int maxLineBytes) {
            ParsedLine[] parsed = new ParsedLine[size];
            for (int i = 0; i < size; i++) {
                byte[] line = lines[i];
                if (line == null) {
                    parsed[i] = new ParsedLine.Rejected(
                            null,
                            "line is " + oversized[i] + " bytes, over the limit of " + maxLineBytes
                                    + " bytes (--max-line-bytes); not read");
                } else if (!isBlank(line)) {
                    parsed[i] = parser.parse(line);
                }
                lines[i] = null;
            }
            results = parsed;
            return this;
        }

        private static boolean isBlank(byte[] line) {
            for (byte b : line) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    /** Counts of one pass; the valid and invalid ones are touched by the calling thread only. */
    private static final class Counts {
        final long[] valid = new long[Topic.values().length];
        final long[] invalid = new long[Topic.values().length];
        final AtomicLongArray sent = new AtomicLongArray(Topic.values().length);
        long invalidWithoutTopic;
        long lines;

        long invalid() {
            long total = invalidWithoutTopic;
            for (long n : invalid) {
                total += n;
            }
            return total;
        }

        long sentTotal() {
            long total = 0;
            for (int i = 0; i < sent.length(); i++) {
                total += sent.get(i);
            }
            return total;
        }

        EmitReport report(EmitReport.Outcome outcome, long start) {
            Map<Topic, EmitReport.Counts> topics = new EnumMap<>(Topic.class);
            for (Topic topic : Topic.values()) {
                int i = topic.ordinal();
                topics.put(topic, new EmitReport.Counts(valid[i], invalid[i], sent.get(i)));
            }
            return new EmitReport(
                    topics, invalidWithoutTopic, lines, outcome, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Copies what is read to a file: strict mode's copy of standard input for the second pass. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;

        Tee(InputStream in, OutputStream copy) {
            super(in);
            this.copy = new java.io.BufferedOutputStream(copy, 1 << 16);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                copy.write(buffer, offset, n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            try {
                copy.close();
            } finally {
                super.close();
            }
        }
    }
}
