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
 * event ids checked, then, unless dry, its tenants marked for a recount in Redis, its rows
 * inserted, those tenants' counters recomputed from ClickHouse and the mark cleared. Keeps what
 * was (or, dry, would be) stored.
 */
final class ReplayWriter {
    private final BatchStore store;
    private final EventPipeline pipeline;
    private final RedisUsageCounters counters;
    private final boolean dryRun;
    private final Map<String, UsageTotals> byTenant = new TreeMap<>();
    private IngestBatch batch;
    long inserted;
    long alreadyStored;
    long duplicates;

    ReplayWriter(BatchStore store, EventPipeline pipeline, RedisUsageCounters counters, boolean dryRun) {
        this.store = store;
        this.pipeline = pipeline;
        this.counters = counters;
        this.dryRun = dryRun;
    }

    /** Describes the tables; unless dry, rebuilds lost counters and recounts tenants an interrupted replay left marked. */
    void begin(Collection<Topic> topics, Consumer<String> log) {
        pipeline.useTables(store.describe(topics));
        if (!dryRun) {
            store.rebuildCountersIfLost();
            Set<String> marked = counters.markedForRecount();
            if (!marked.isEmpty()) {
                log.accept("recounting " + marked.size() + " tenants an interrupted replay left marked: " + marked);
                store.recount(marked);
                counters.recounted(marked);
            }
        }
        batch = newBatch();
    }

    BatchPart part() {
        return batch.part(0);
    }

    int records() {
        return batch.records();
    }

    /** Stores (dry: only checks) the batch read so far; returns it, or null if it was empty. */
    IngestBatch flush() {
        if (batch == null || batch.isEmpty()) {
            return null;
        }
        IngestBatch done = batch;
        batch = newBatch();
        List<TenantUsageBatch> usage = done.usage();
        store.screen(done, usage);
        Set<String> tenants = new LinkedHashSet<>();
        for (TenantUsageBatch tenant : usage) {
            if (!tenant.isEmpty() && tenant.total().requests() > 0) {
                tenants.add(tenant.tenant());
                byTenant.merge(tenant.tenant(), tenant.total(), UsageTotals::plus);
            }
        }
        if (!dryRun) {
            counters.markForRecount(tenants);
            store.insertScreened(done);
            store.recount(tenants);
            counters.recounted(tenants);
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
        return new IngestBatch(store.keys(), 1, (lane, topic) -> pipeline.newBlock(topic));
    }
}
