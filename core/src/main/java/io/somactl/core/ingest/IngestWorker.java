package io.somactl.core.ingest;

import io.somactl.core.ServerUnreachableException;
import io.somactl.core.SomactlException;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.ClickHouseException;
import io.somactl.core.events.Topic;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.kafka.KafkaSettings;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.TenantUsageBatch;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

/**
 * One ingest worker in a Kafka consumer group: reads the telemetry topics, validates and prices
 * each event, inserts rows into ClickHouse, adds usage to the Redis budget counters, and only then
 * commits the offsets. More workers in the same group split the partitions.
 *
 * <p>This class is the Kafka loop only (poll, rebalance, rewind, commit, retry, give up, stop):
 * each event goes through the {@link EventPipeline} (by its {@link Lane}s), each batch is stored by
 * the {@link BatchStore}; {@code replay} drives the same two.
 *
 * <p><b>Exactly once.</b> Every row carries its Kafka topic, partition and offset. Whenever the
 * worker starts reading a partition (assignment, or a rewind after any failure) it seeks to the
 * committed offset and asks ClickHouse which offsets at or above it are already stored; those are
 * not inserted again. Redis is guarded the same way by per-tenant watermarks checked inside the
 * Lua script that applies a batch. So a crash at any point (before, during or after an insert, or
 * between the insert and the commit) leads to re-reading from the commit with nothing stored twice.
 * Dead letters are at least once: after a crash one may be sent again. If Redis loses its data
 * (its marker key is gone), the counters are rebuilt from ClickHouse before anything more is
 * counted ({@link BatchStore#rebuildCountersIfLost()}).
 *
 * <p><b>Failures.</b> Any failure drops the batch in memory and re-reads from the last commit;
 * with {@code giveUpAfter}, failures of any kind that last that long without a batch committed
 * end the run without committing anything that was not stored.
 *
 * <p><b>Lanes.</b> The records of each poll are decoded, priced and encoded by {@code --threads}
 * {@link Lane}s at once, each taking an equal slice of every partition's records. Their shares of
 * the batch are joined before it is stored: one block per table, usage summed per tenant, the
 * highest offset read per partition. Nothing else depends on which lane read what.
 *
 * <p><b>Pipelined.</b> While one batch is being stored (ClickHouse, then Redis) on the storer
 * thread, the poll thread reads and prices the next. At most one batch is in flight, so Redis
 * watermarks move in order; offsets are committed on the poll thread once the batch is stored;
 * and every rewind first waits for the batch in flight, so ClickHouse is never asked what it
 * holds while an insert may still land.
 */
public final class IngestWorker implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final IngestConfig config;
    private final KafkaConsumer<byte[], ByteBuffer> consumer;
    private final DeadLetters deadLetters;
    private final BatchStore store;
    private final IngestMetrics metrics;
    private final Consumer<IngestMetrics.Snapshot> progress;
    private final Consumer<String> log;
    private final Map<String, Topic> topicsByName;
    private final String staticMemberId;
    private final String bootstrapServers;
    private final List<Lane> lanes = new ArrayList<>();
    private final Map<TopicPartition, OffsetSet> storedAtResume = new HashMap<>();

    private final ExecutorService storer = Executors.newSingleThreadExecutor(daemon("somactl-ingest-storer"));
    private final ExecutorService laneThreads;
    private final SpareBlocks spareBlocks;

    private volatile boolean stopping;
    private IngestBatch batch;
    private InFlight inFlight;
    private boolean assignedOnce;
    private boolean needsRewind;
    private String lastProblem = "";
    private boolean lastProblemUnreachable;
    private long failingSinceNanos = -1;
    private boolean gaveUp;

    public IngestWorker(
            IngestConfig config,
            KafkaSettings kafka,
            ClickHouse clickHouse,
            RedisUsageCounters counters,
            Pricer pricer,
            IngestMetrics metrics,
            Consumer<IngestMetrics.Snapshot> progress,
            Consumer<String> log) {
        IngestTrace.mark("building the worker (Redis is connected)");
        this.config = config;
        this.metrics = metrics;
        metrics.pricingCatalog(pricer.version());
        this.progress = progress;
        this.log = log;
        this.topicsByName = config.topics().stream().collect(Collectors.toMap(config.names()::of, t -> t));
        this.bootstrapServers = kafka.bootstrapServers();
        this.deadLetters = new DeadLetters(kafka, config.maxEventBytes());
        this.store =
                new BatchStore(clickHouse, counters, config.dedupWindow(), deadLetters, config.names(), metrics, log);
        for (int lane = 0; lane < config.threads(); lane++) {
            lanes.add(new Lane(
                    topicsByName, config.names(), pricer, config.maxEventBytes(), deadLetters, store::lastCounted));
        }
        IngestTrace.mark("lanes ready");
        this.spareBlocks = new SpareBlocks(2 * config.threads());
        this.laneThreads = config.threads() > 1
                ? Executors.newFixedThreadPool(config.threads() - 1, daemon("somactl-ingest-lane"))
                : null;
        Properties consumerConfig = consumerConfig(kafka, config);
        this.staticMemberId = consumerConfig.getProperty("group.instance.id");
        this.consumer = new KafkaConsumer<>(
                consumerConfig,
                new ByteArrayDeserializer(),
                new ByteBufferDeserializer()); // the value as Kafka read it, not a copy
        IngestTrace.mark("consumer built");
        this.batch = newBatch();
    }

    /** The consumer's properties: the client settings, then what ingest needs; {@code --instance-id} wins over a command property. */
    static Properties consumerConfig(KafkaSettings kafka, IngestConfig config) {
        Properties properties = kafka.clientConfig();
        properties.put("group.id", config.groupId());
        if (config.instanceId() != null) {
            properties.put("group.instance.id", config.instanceId());
        }
        properties.put("enable.auto.commit", "false");
        properties.put("auto.offset.reset", "earliest");
        properties.put("isolation.level", "read_committed");
        // Large fetches: a backlog arrives in a few big responses (fewer requests, wake-ups and record
        // batches to walk per event); a live stream waits at most fetch.max.wait.ms for a MiB to gather.
        properties.put("max.poll.records", String.valueOf(Math.min(config.batchSize(), 10_000)));
        properties.put("fetch.min.bytes", String.valueOf(1 << 20));
        properties.put("fetch.max.wait.ms", "100");
        properties.put("max.partition.fetch.bytes", String.valueOf(8 << 20));
        properties.put("fetch.max.bytes", String.valueOf(64 << 20));
        properties.put("receive.buffer.bytes", String.valueOf(1 << 20));
        properties.put("client.id", "somactl-ingest");
        return properties;
    }

    /** Runs until {@link #stop()} or, with until-caught-up, until every assigned partition is read to its end. */
    public IngestSummary run() {
        IngestTrace.mark("worker running");
        if (staticMemberId == null) {
            log.accept(
                    "no --instance-id: if this worker is killed, a restarted one waits for the group's session"
                            + " timeout (45 s by default) to get its partitions back; give each worker its own stable --instance-id");
        } else {
            log.accept("static member " + staticMemberId + " of group " + config.groupId()
                    + ": a restart with the same --instance-id takes its partitions back at once");
        }
        consumer.subscribe(topicsByName.keySet(), new Rebalance());
        if (config.untilCaughtUp()) {
            failingSinceNanos = System.nanoTime(); // a cron run that never gets partitions gives up too
        }
        long nextHousekeeping = 0;
        try {
            while (!stopping) {
                if (needsRewind) {
                    if (givingUp()) {
                        gaveUp = true;
                        break;
                    }
                    rewind();
                    continue;
                }
                ConsumerRecords<byte[], ByteBuffer> records = consumer.poll(POLL);
                if (needsRewind) {
                    continue; // a failed assignment: these records are re-read after the rewind
                }
                accept(records);
                completeIfStored();
                boolean idle = records.isEmpty();
                boolean atEnd = config.untilCaughtUp() && !needsRewind && fetchedToEnd();
                // By age only when the storer is free: while the batch before is still being stored, handing
                // this one over could not start it sooner, and a backlog's batches would be cut small
                // (a part and a lookup each in ClickHouse) just because reading is slower than the linger.
                if (batch.records() >= config.batchSize()
                        || (!batch.isEmpty()
                                && (idle
                                        || atEnd
                                        || (inFlight == null
                                                && batch.ageNanos()
                                                        >= config.linger().toNanos())))) {
                    flush();
                }
                if (atEnd && !needsRewind) {
                    complete(); // the last batch: wait for it rather than for another empty poll
                }
                if (System.nanoTime() >= nextHousekeeping || idle || atEnd) {
                    boolean caughtUp = measureLag();
                    if (caughtUp && batch.isEmpty() && inFlight == null && !needsRewind) {
                        failingSinceNanos = -1; // nothing left that failed
                    }
                    if (!needsRewind && givingUp()) { // Kafka down, or no partitions ever assigned
                        gaveUp = true;
                        break;
                    }
                    progress.accept(metrics.snapshot());
                    nextHousekeeping = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                    if (config.untilCaughtUp()
                            && assignedOnce
                            && batch.isEmpty()
                            && inFlight == null
                            && !needsRewind
                            && caughtUp) {
                        break;
                    }
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        }
        IngestTrace.mark("read loop done");
        boolean clean = !gaveUp && !needsRewind && flush() && complete();
        IngestMetrics.Snapshot totals = metrics.snapshot();
        metrics.setHealthy(false, "stopped");
        progress.accept(totals);
        return new IngestSummary(totals, clean, clean ? "" : lastProblem, !clean && lastProblemUnreachable);
    }

    /** Asks the worker to finish its current batch and return from {@link #run()}. Thread-safe. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /**
     * Processes a poll's records: each lane takes an equal slice of every partition's records (one
     * tenant can be most of a partition, and one partition most of the stream), the first lane on
     * this thread, the others on their own, and this returns when all are done. Nothing depends on
     * the order in which lanes finish: the batch adds their usage up per tenant and commits the
     * highest offset read per partition, and it is stored only as a whole.
     */
    private void accept(ConsumerRecords<byte[], ByteBuffer> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            long ingestedAt = System.currentTimeMillis() / 1000;
            List<Future<?>> others = new ArrayList<>();
            for (int lane = 1; lane < lanes.size(); lane++) {
                int of = lane;
                others.add(laneThreads.submit(() -> accept(of, records, ingestedAt)));
            }
            RuntimeException failure = null;
            try {
                accept(0, records, ingestedAt);
            } catch (RuntimeException e) {
                failure = e;
            }
            for (Future<?> other : others) {
                try {
                    await(other);
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        } catch (RuntimeException e) {
            failed("processing records", e);
        }
    }

    private void accept(int lane, ConsumerRecords<byte[], ByteBuffer> records, long ingestedAt) {
        BatchPart part = batch.part(lane);
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], ByteBuffer>> all = records.records(partition);
            int from = (int) ((long) all.size() * lane / lanes.size());
            int to = (int) ((long) all.size() * (lane + 1) / lanes.size());
            if (from < to) {
                lanes.get(lane)
                        .take(
                                part,
                                partition,
                                all.subList(from, to),
                                storedAtResume.getOrDefault(partition, OffsetSet.EMPTY),
                                ingestedAt);
            }
        }
    }

    /**
     * Hands the batch to the storer thread (ClickHouse, then Redis), after committing the batch
     * before it. False if it had to give up (the loop then rewinds).
     */
    private boolean flush() {
        if (batch.isEmpty()) {
            return true;
        }
        if (!complete()) {
            return false;
        }
        IngestBatch done = batch;
        batch = newBatch();
        List<TenantUsageBatch> usage = done.usage();
        long start = System.nanoTime();
        Future<long[]> stored = storer.submit(() -> store.store(done, usage));
        inFlight = new InFlight(done, usage, stored, start);
        return true;
    }

    private void completeIfStored() {
        if (inFlight != null && inFlight.stored().isDone()) {
            complete();
        }
    }

    /** Waits for the batch in flight, then its dead letters, then commits its offsets. */
    private boolean complete() {
        if (inFlight == null) {
            return true;
        }
        InFlight done = inFlight;
        inFlight = null;
        try {
            long[] took = await(done.stored());
            deadLetters.awaitAcknowledged();
            long t0 = System.nanoTime();
            commit(done.batch().nextOffsets());
            store.counted(done.usage());
            failingSinceNanos = -1;
            report(done.batch(), Duration.ofNanos(System.nanoTime() - done.startNanos()));
            done.batch().forEachBlock(spareBlocks::giveBack);
            metrics.setHealthy(true, "");
            if (IngestTrace.on()) {
                log.accept(String.format(
                        "batch %d: read %d ms, insert %d ms, redis %d ms, commit %d ms",
                        done.batch().records(),
                        (done.startNanos() - done.batch().openedAt()) / 1_000_000,
                        took[0] / 1_000_000,
                        took[1] / 1_000_000,
                        (System.nanoTime() - t0) / 1_000_000));
            }
            return true;
        } catch (RuntimeException e) {
            failed("storing a batch of " + done.batch().records() + " events", e);
            return false;
        }
    }

    private static <T> T await(Future<T> stored) {
        try {
            return stored.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new SomactlException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted while storing a batch", e);
        }
    }

    /** Lets the batch in flight finish, whatever its outcome, before anyone asks ClickHouse what it holds. */
    private void drainInFlight() {
        if (inFlight != null) {
            try {
                inFlight.stored().get();
            } catch (ExecutionException ignored) {
                // it failed: nothing of it is committed, and the rewind re-reads it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight = null;
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            consumer.commitSync(offsets); // a stop() arrived mid-commit: the batch is stored, finish the commit
        }
    }

    private void report(IngestBatch done, Duration took) {
        for (Topic topic : done.topics()) {
            metrics.consumed(topic, done.count(topic, 0));
            metrics.inserted(topic, done.count(topic, 1));
            metrics.deadLettered(topic, done.count(topic, 2));
            metrics.skippedAlreadyStored(topic, done.count(topic, 3));
            metrics.duplicates(topic, done.count(topic, 4));
        }
        metrics.batchCompleted(took, done.records());
        done.reportSpendAndReasons(metrics);
    }

    /** Drops the batch, notes the failure and makes the loop re-read from the last commit. */
    private void failed(String doing, RuntimeException e) {
        noteFailure(e);
        lastProblem = doing + " failed: " + describe(e);
        metrics.failure(kind(e));
        metrics.setHealthy(false, lastProblem);
        log.accept(lastProblem + "; will re-read from the last commit");
        batch = newBatch();
        drainInFlight();
        needsRewind = true;
    }

    private void rewind() {
        drainInFlight();
        sleep(config.retryBackoff());
        try {
            resume(consumer.assignment());
            needsRewind =
                    false; // failures go on counting until a batch is committed: one may repeat after every rewind
            metrics.setHealthy(true, "");
        } catch (WakeupException e) {
            // stop() interrupted the rewind: the failure that caused it stays the one reported
        } catch (RuntimeException e) {
            noteFailure(e);
            lastProblem = "resuming failed: " + describe(e);
            metrics.failure(kind(e));
            metrics.setHealthy(false, lastProblem);
            log.accept(lastProblem + "; retrying in " + config.retryBackoff().toMillis() + " ms");
        }
    }

    /** Keeps per-session summaries with every stored batch (PostgreSQL); call before {@code run}. */
    public IngestWorker useSessions(SessionSink sink) {
        store.useSessions(sink);
        return this;
    }

    /**
     * Seeks each partition to its committed offset (or, never committed, to its beginning) and
     * loads which offsets from there on ClickHouse already holds. Resuming after ClickHouse's
     * highest offset instead would be wrong: a batch inserted but not yet counted in Redis, or
     * an insert that landed only in part, would never be re-read.
     */
    private void resume(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<Topic, TableLayout> tables = store.describe(topicsByName.values());
        lanes.forEach(lane -> lane.useTables(tables));
        store.rebuildCountersIfLost();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        for (TopicPartition partition : partitions) {
            Topic topic = topicsByName.get(partition.topic());
            OffsetAndMetadata commit = committed.get(partition);
            long from = commit == null ? 0 : commit.offset();
            storedAtResume.put(partition, store.storedFrom(topic, partition.topic(), partition.partition(), from));
            if (commit == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, from);
            }
        }
        store.forgetCounted();
    }

    /**
     * True when every assigned partition has been read up to the end the broker reported with the
     * last fetch; no request is made. {@link #measureLag()} then confirms against the broker.
     */
    private boolean fetchedToEnd() {
        Set<TopicPartition> assignment = consumer.assignment();
        if (assignment.isEmpty()) {
            return false;
        }
        for (TopicPartition partition : assignment) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                return false;
            }
        }
        return true;
    }

    private boolean measureLag() {
        Set<TopicPartition> assignment = consumer.assignment();
        if (assignment.isEmpty()) {
            return false;
        }
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(assignment, Duration.ofSeconds(5));
            Map<String, Long> lagByTopic = new HashMap<>();
            Map<String, Map<Integer, Long>> lagByPartition = new HashMap<>();
            boolean caughtUp = true;
            for (TopicPartition partition : assignment) {
                long lag = Math.max(
                        0, ends.getOrDefault(partition, 0L) - consumer.position(partition, Duration.ofSeconds(5)));
                lagByTopic.merge(partition.topic(), lag, Long::sum);
                lagByPartition
                        .computeIfAbsent(partition.topic(), t -> new HashMap<>())
                        .put(partition.partition(), lag);
                caughtUp &= lag == 0;
            }
            metrics.lag(lagByTopic);
            metrics.partitionLag(lagByPartition);
            return caughtUp;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            metrics.failure(IngestMetrics.KAFKA_UNAVAILABLE);
            ServerUnreachableException unreachable = new ServerUnreachableException("Kafka", bootstrapServers, e);
            noteFailure(unreachable);
            lastProblem = "reading the consumer lag failed: " + describe(unreachable);
            return false;
        }
    }

    private void noteFailure(RuntimeException e) {
        lastProblemUnreachable = e instanceof ServerUnreachableException;
        if (failingSinceNanos < 0) {
            failingSinceNanos = System.nanoTime();
        }
    }

    /**
     * True once failures have lasted longer than the configured patience (never, by default): any
     * failure, from a server that stays down to a batch that fails again after every rewind, until
     * a batch is committed.
     */
    private boolean givingUp() {
        Duration patience = config.giveUpAfter();
        if (patience.isZero() || failingSinceNanos < 0 || System.nanoTime() - failingSinceNanos < patience.toNanos()) {
            return false;
        }
        if (!assignedOnce) {
            explainNoPartitions();
        }
        log.accept("giving up after " + patience.toSeconds() + " s of failures (--give-up-after)");
        return true;
    }

    /** Why a run never got partitions: Kafka does not answer, or it gave this worker none. */
    private void explainNoPartitions() {
        try {
            consumer.listTopics(Duration.ofSeconds(5));
            lastProblemUnreachable = false;
            lastProblem = "Kafka at " + bootstrapServers + " assigned this worker no partitions of group "
                    + config.groupId() + " (do the topics exist? do other workers of the group hold them all?)";
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            lastProblemUnreachable = true;
            lastProblem = "reading the topics failed: "
                    + describe(new ServerUnreachableException("Kafka", bootstrapServers, e));
        } catch (RuntimeException e) {
            lastProblemUnreachable = false;
            lastProblem = "reading the topics failed: " + describe(e);
        }
    }

    static String describe(RuntimeException e) {
        return e.getMessage() != null
                ? io.somactl.core.text.Redaction.redact(e.getMessage())
                : e.getClass().getSimpleName();
    }

    private IngestBatch newBatch() {
        return new IngestBatch(
                store.keys(),
                lanes.size(),
                (lane, topic) -> spareBlocks.take(topic, () -> lanes.get(lane).newBlock(topic)));
    }

    private static String kind(RuntimeException e) {
        if (e instanceof ServerUnreachableException unreachable) {
            return unreachable.server().equalsIgnoreCase("redis")
                    ? IngestMetrics.REDIS_UNAVAILABLE
                    : IngestMetrics.CLICKHOUSE_UNAVAILABLE;
        }
        if (e instanceof ClickHouseException) {
            return "clickhouse_error";
        }
        if (e instanceof io.somactl.core.usage.WatermarkConflictException) {
            return "watermark_conflict";
        }
        return e.getClass().getSimpleName();
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    @Override
    public void close() {
        IngestTrace.mark("closing the worker");
        drainInFlight();
        storer.shutdownNow();
        if (laneThreads != null) {
            laneThreads.shutdownNow();
        }
        try {
            consumer.close(Duration.ofSeconds(5));
            IngestTrace.mark("consumer closed");
        } finally {
            deadLetters.close();
            IngestTrace.mark("dead-letter producer closed");
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private record InFlight(IngestBatch batch, List<TenantUsageBatch> usage, Future<long[]> stored, long startNanos) {}

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!needsRewind && flush()) {
                complete();
            }
            partitions.forEach(storedAtResume::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!assignedOnce && !needsRewind) {
                failingSinceNanos = -1; // the wait for a first assignment is over
            }
            assignedOnce = true;
            IngestTrace.mark(partitions.size() + " partitions assigned");
            try {
                resume(partitions);
                IngestTrace.mark("resumed: seeks done, stored offsets read");
            } catch (RuntimeException e) {
                failed("resuming " + partitions.size() + " partitions", e);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            batch = newBatch();
            drainInFlight();
            partitions.forEach(storedAtResume::remove);
            needsRewind = true;
        }
    }
}
