package io.somactl.core.ingest;

import io.somactl.core.events.Topic;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.TenantUsageBatch;
import io.somactl.core.usage.UsageTotals;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * How every replay stores a batch, whatever it reads (a topic, dead letters, files): the batch's
 * event ids checked, then, unless dry, its tenants marked for a recount in Redis (and its source
 * ranges in PostgreSQL, with sessions), its rows inserted, those tenants' counters recomputed from
 * ClickHouse and the marks cleared. Keeps what
 * was (or, dry, would be) stored.
 */
final class ReplayWriter {
    private final BatchStore store;
    private final List<EventPipeline> pipelines; // one per lane
    private final RedisUsageCounters counters;
    private final boolean dryRun;
    private final Map<String, UsageTotals> byTenant = new TreeMap<>();
    private final long recountEveryNanos;
    private final Set<String> toRecount = new LinkedHashSet<>();
    private long recountedAt = System.nanoTime();
    private IngestBatch batch;
    volatile long inserted; // written by the thread that stores, read for progress by the one that reads
    volatile long alreadyStored;
    volatile long duplicates;

    ReplayWriter(BatchStore store, EventPipeline pipeline, RedisUsageCounters counters, boolean dryRun) {
        this(store, List.of(pipeline), counters, dryRun, java.time.Duration.ZERO);
    }

    /**
     * {@code recountEvery}: how long marked tenants may wait for their recount (zero: after each
     * batch). A bulk replay recounts every few batches and at the end instead of after each batch:
     * the tenants stay marked in Redis until then, so a replay killed meanwhile recounts them when it
     * runs again, and the counters catch up with ClickHouse at the latest at {@link #finish}.
     */
    ReplayWriter(
            BatchStore store,
            List<EventPipeline> pipelines,
            RedisUsageCounters counters,
            boolean dryRun,
            java.time.Duration recountEvery) {
        this.store = store;
        this.pipelines = List.copyOf(pipelines);
        this.counters = counters;
        this.dryRun = dryRun;
        this.recountEveryNanos = recountEvery.toNanos();
    }

    /** Recounts the tenants still waiting for it (the last batch's, with {@code recountEvery}). */
    void finish() {
        if (!toRecount.isEmpty()) {
            store.recount(toRecount);
            counters.recounted(toRecount);
            toRecount.clear();
        }
        recountedAt = System.nanoTime();
    }

    /** Describes the tables; unless dry, rebuilds lost counters and recounts tenants an interrupted replay left marked. */
    void begin(Collection<Topic> topics, Consumer<String> log) {
        Map<Topic, TableLayout> tables = store.describe(topics);
        pipelines.forEach(pipeline -> pipeline.useTables(tables));
        if (!dryRun) {
            store.rebuildCountersIfLost();
            Set<String> marked = counters.markedForRecount();
            if (!marked.isEmpty()) {
                log.accept("recounting " + marked.size() + " tenants an interrupted replay left marked: " + marked);
                store.recount(marked);
                counters.recounted(marked);
            }
            int applied = store.applyMarkedSessions();
            if (applied > 0) {
                log.accept(
                        "brought the sessions of " + applied + " batches an interrupted replay left marked up to date");
            }
        }
        batch = newBatch();
    }

    BatchPart part() {
        return batch.part(0);
    }

    /** The share of the batch a lane writes (each lane from one thread). */
    BatchPart part(int lane) {
        return batch.part(lane);
    }

    int records() {
        return batch.records();
    }

    /** Stores (dry: only checks) the batch read so far; returns it, or null if it was empty. */
    IngestBatch flush() {
        IngestBatch done = cut();
        return done == null ? null : store(done);
    }

    /**
     * Ends the batch read so far and starts the next one (on the thread that reads), returning it to
     * {@link #store}; null if it was empty.
     */
    IngestBatch cut() {
        if (batch == null || batch.isEmpty()) {
            return null;
        }
        IngestBatch done = batch;
        batch = newBatch();
        return done;
    }

    /**
     * Stores (dry: only checks) a batch {@link #cut} returned. Batches must be stored one at a time
     * and in the order they were cut: a batch's event ids are checked against what ClickHouse holds,
     * so the batch before it must be stored by then.
     */
    IngestBatch store(IngestBatch done) {
        long started = System.nanoTime();
        List<TenantUsageBatch> usage = done.usage();
        store.screen(done, usage);
        Set<String> tenants = new LinkedHashSet<>();
        for (TenantUsageBatch tenant : usage) {
            if (!tenant.isEmpty() && tenant.total().requests() > 0) {
                tenants.add(tenant.tenant());
                byTenant.merge(tenant.tenant(), tenant.total(), UsageTotals::plus);
            }
        }
        long screened = System.nanoTime();
        long insertedAt = screened;
        if (!dryRun) {
            counters.markForRecount(tenants);
            store.markSessions(done);
            store.insertScreened(done);
            insertedAt = System.nanoTime();
            toRecount.addAll(tenants);
            if (System.nanoTime() - recountedAt >= recountEveryNanos) {
                finish();
            }
        }
        if (IngestTrace.on()) {
            IngestTrace.mark(String.format(
                    "replay batch of %d: screen %d ms, insert %d ms, recount %d ms",
                    done.records(),
                    (screened - started) / 1_000_000,
                    (insertedAt - screened) / 1_000_000,
                    (System.nanoTime() - insertedAt) / 1_000_000));
        }
        for (Topic topic : done.topics()) {
            inserted += done.count(topic, 1);
            alreadyStored += done.count(topic, 3);
            duplicates += done.count(topic, 4);
        }
        return done;
    }

    Map<String, UsageTotals> byTenant() {
        return byTenant;
    }

    private IngestBatch newBatch() {
        return new IngestBatch(
                store.keys(),
                pipelines.size(),
                (lane, topic) -> pipelines.get(lane).newBlock(topic));
    }
}
