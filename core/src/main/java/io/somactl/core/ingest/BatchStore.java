package io.somactl.core.ingest;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.block.ByteSink;
import io.somactl.core.clickhouse.block.NativeBlock;
import io.somactl.core.events.Topic;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.usage.RedisStateLostException;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.TenantUsageBatch;
import io.somactl.core.usage.UsageKeys;
import io.somactl.core.usage.UsageRebuild;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Stores batches, shared by {@code ingest} and {@code replay}: what ClickHouse already holds of a
 * source partition (the stored-offsets check), each {@code (tenant, event_id)} billed once
 * ({@link EventIdGuard}), one Native insert per table, and the Redis usage counters with their
 * watermarks and the Redis-loss check. Nothing here knows about polls, commits or rebalances.
 *
 * <p>{@link #store} is ingest's step, run on its storer thread; the other methods run on the thread
 * that reads, while no store is in flight (the watermark cache excepted, which both use).
 */
final class BatchStore {
    private static final String FORMAT = "Native";
    /** How long a worker's claim to rebuild lost counters keeps others waiting, should it die meanwhile. */
    private static final Duration REBUILD_CLAIM = Duration.ofMinutes(10);

    private final ClickHouse clickHouse;
    private final StoredOffsets stored;
    private final EventIdGuard eventIds;
    private final RedisUsageCounters counters;
    private final IngestMetrics metrics;
    private final Consumer<String> log;
    private final Map<Topic, TableLayout> tables = new EnumMap<>(Topic.class);
    private final Map<String, Map<String, Long>> appliedByTenant = new ConcurrentHashMap<>();
    private final String claimant =
            java.util.UUID.randomUUID().toString(); // names this store's claim to rebuild lost counters
    private SessionSink sessions = SessionSink.NONE;
    private ByteSink insertBody = new ByteSink(1 << 20); // the storing thread's, reused while inserts succeed

    BatchStore(
            ClickHouse clickHouse,
            RedisUsageCounters counters,
            Duration dedupWindow,
            DeadLetterSink deadLetters,
            TopicNames names,
            IngestMetrics metrics,
            Consumer<String> log) {
        this.clickHouse = clickHouse;
        this.stored = new StoredOffsets(clickHouse);
        this.counters = counters;
        this.metrics = metrics;
        this.log = log;
        this.eventIds = new EventIdGuard(clickHouse, dedupWindow, deadLetters, names, tables);
    }

    /** The per-session summaries each stored batch also updates (none by default). */
    void useSessions(SessionSink sink) {
        this.sessions = sink;
    }

    UsageKeys keys() {
        return counters.keys();
    }

    /** Describes the topics' tables (once each): rows are encoded for them as ClickHouse has them. */
    Map<Topic, TableLayout> describe(Collection<Topic> topics) {
        for (Topic topic : topics) {
            tables.computeIfAbsent(topic, t -> TableLayout.describe(clickHouse, t.table()));
        }
        return tables;
    }

    /** Offsets of a source partition at or above {@code from} that ClickHouse holds. */
    OffsetSet storedFrom(Topic topic, String kafkaTopic, int partition, long from) {
        return stored.storedFrom(topic, kafkaTopic, partition, from);
    }

    /** The last offset of a tenant's partition Redis has counted, -1 for none (cached until {@link #forgetCounted()}). */
    long lastCounted(String tenant, String partitionField) {
        return appliedByTenant.computeIfAbsent(tenant, counters::appliedOffsets).getOrDefault(partitionField, -1L);
    }

    /** Reads the watermarks from Redis again when next asked. */
    void forgetCounted() {
        appliedByTenant.clear();
    }

    /** Moves the cached watermarks past a batch that is now counted. */
    void counted(List<TenantUsageBatch> usage) {
        for (TenantUsageBatch tenant : usage) {
            Map<String, Long> applied = appliedByTenant.get(tenant.tenant());
            if (applied != null) {
                tenant.offsetRanges().forEach((field, range) -> applied.merge(field, range[1], Math::max));
            }
        }
    }

    /**
     * Stores a batch: its event ids checked (an event id already stored is left out of rows and
     * usage), its rows inserted, its usage counted in Redis behind the watermarks and the marker.
     * Returns the nanoseconds spent in ClickHouse and in Redis.
     */
    long[] store(IngestBatch batch, List<TenantUsageBatch> usage) {
        long t0 = System.nanoTime();
        insert(batch, usage);
        long t1 = System.nanoTime();
        counters.applyChecked(usage); // RedisStateLostException: the rewind rebuilds the counters
        return new long[] {t1 - t0, System.nanoTime() - t1};
    }

    /** The ClickHouse half of {@link #store}: event ids checked, then one Native insert per table. */
    void insert(IngestBatch batch, List<TenantUsageBatch> usage) {
        eventIds.screen(batch, usage);
        insertScreened(batch);
    }

    /**
     * Inserts a batch already {@link #screen screened}: one Native insert per table; then the session
     * summaries, if any, catch up with it (a failure there fails the batch, which is re-read).
     */
    void insertScreened(IngestBatch batch) {
        for (Map.Entry<Topic, List<NativeBlock>> rows : batch.rows().entrySet()) {
            NativeBlock all = rows.getValue().get(0);
            rows.getValue().subList(1, rows.getValue().size()).forEach(all::appendAll);
            insertBody.truncate(0);
            all.writeTo(insertBody);
            try {
                clickHouse.insert(rows.getKey().table(), List.of(), FORMAT, insertBody.array(), 0, insertBody.size());
            } catch (RuntimeException e) {
                // A request given up on (a timeout) may still be sending from this buffer: never write into it again.
                insertBody = new ByteSink(1 << 20);
                throw e;
            }
        }
        metrics.insertSucceeded(Instant.now());
        if (sessions != SessionSink.NONE) {
            sessions.stored(batch.sourceRanges()); // after the insert, so it sees the batch's rows
        }
    }

    /** Before a replay's insert of a screened batch: the session summaries mark its source ranges (see {@link SessionSink#marking}). */
    void markSessions(IngestBatch batch) {
        if (sessions != SessionSink.NONE) {
            sessions.marking(batch.sourceRanges());
        }
    }

    /** The session summaries apply what interrupted replays marked; returns how many marks. */
    int applyMarkedSessions() {
        return sessions == SessionSink.NONE ? 0 : sessions.applyMarked();
    }

    /** Only the event-id check of {@link #insert}: leaves out of the batch what is already stored, writes nothing. */
    void screen(IngestBatch batch, List<TenantUsageBatch> usage) {
        eventIds.screen(batch, usage);
    }

    /**
     * Sets these tenants' Redis counters to what ClickHouse holds (a replay adds rows below the
     * watermarks, which counting cannot express), guarded against a worker counting meanwhile.
     */
    void recount(Set<String> tenants) {
        UsageRebuild rebuild = new UsageRebuild(clickHouse, counters);
        for (String tenant : tenants) {
            rebuild.rebuildTenantWhileIngesting(tenant);
        }
        forgetCounted();
    }

    /**
     * When Redis lost its state (no complete marker: flushed, restarted without its data, or new),
     * recomputes every counter and watermark from ClickHouse before anything more is counted. The
     * batch that found the loss is already in ClickHouse, so the rebuild holds it, and the re-read
     * that follows counts only what lies past the rebuilt watermarks. A batch another worker
     * counts meanwhile is either in the rebuild's snapshot (then its watermarks refuse it and it is
     * re-read) or not (then it is counted on top), see {@link UsageRebuild#rebuildWhileIngesting}.
     */
    void rebuildCountersIfLost() {
        if (counters.marked()) {
            return;
        }
        if (!counters.claimRebuild(claimant, REBUILD_CLAIM)) {
            return; // another worker has just rebuilt them
        }
        log.accept("Redis has no ingest marker (" + counters.keys().ingestMarker() + "): it lost its data or is new;"
                + " rebuilding the usage counters from ClickHouse");
        long start = System.nanoTime();
        Map<String, Integer> written = new UsageRebuild(clickHouse, counters).rebuildWhileIngesting();
        if (!counters.completeRebuild(claimant)) {
            throw new RedisStateLostException("Redis lost the usage counters again while they were rebuilt");
        }
        appliedByTenant.clear();
        log.accept("rebuilt the usage counters of " + written.size() + " tenants from ClickHouse in "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
    }
}
