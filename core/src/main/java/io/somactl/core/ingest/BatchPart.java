package io.somactl.core.ingest;

import io.somactl.core.clickhouse.block.NativeBlock;
import io.somactl.core.events.Topic;
import io.somactl.core.ingest.metrics.DeadLetterReason;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.usage.TenantUsageBatch;
import io.somactl.core.usage.UsageDelta;
import io.somactl.core.usage.UsageKeys;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * One lane's share of a batch (the partitions that lane reads): rows per table (a Native block),
 * usage per tenant, counts for metrics, and the last offset read per partition. Used by one thread
 * at a time.
 */
final class BatchPart {
    private final Map<Topic, NativeBlock> rows = new EnumMap<>(Topic.class);
    private final Map<Topic, long[]> counts =
            new EnumMap<>(Topic.class); // consumed, rows, dead letters, skipped, duplicates
    private final Map<Topic, EventIds> ids = new EnumMap<>(Topic.class);
    private final Map<String, TenantUsageBatch> usage = new LinkedHashMap<>();
    private final Map<TopicPartition, long[]> lastOffsets = new HashMap<>();
    private final UsageKeys keys;
    private final Function<Topic, NativeBlock> newBlock;
    private int records;
    // For the spend metrics: each counted event's usage and model, in pairs, added up only when the batch
    // is reported, so that events the event-id guard leaves out (spendLeftOut) are not counted.
    private final List<Object> spent = new ArrayList<>();
    private Set<UsageDelta> spendLeftOut;
    private final Map<Topic, long[]> deadLetterReasons = new EnumMap<>(Topic.class);

    BatchPart(UsageKeys keys, Function<Topic, NativeBlock> newBlock) {
        this.keys = keys;
        this.newBlock = newBlock;
    }

    void consumed(Topic topic, TopicPartition partition, long offset) {
        long[] last = lastOffsets.get(partition);
        if (last == null) {
            lastOffsets.put(partition, new long[] {offset});
        } else {
            last[0] = Math.max(last[0], offset);
        }
        count(topic)[0]++;
        records++;
    }

    NativeBlock rowsOf(Topic topic) {
        return rows.computeIfAbsent(topic, newBlock);
    }

    /** The identities of the rows of {@link #rowsOf(Topic)}, one entry per row, in the same order. */
    EventIds idsOf(Topic topic) {
        return ids.computeIfAbsent(topic, t -> new EventIds());
    }

    Map<Topic, EventIds> ids() {
        return ids;
    }

    /** A row {@link EventIdGuard} left out: a copy of a stored event ({@code duplicate}), or else a dead letter. */
    void rowLeftOut(Topic topic, boolean duplicate) {
        long[] c = count(topic);
        c[1]--;
        c[duplicate ? 4 : 2]++;
    }

    void rowAdded(Topic topic) {
        count(topic)[1]++;
    }

    void deadLettered(Topic topic) {
        count(topic)[2]++;
    }

    /** The reason of a dead letter (its count is {@link #deadLettered}), for the per-reason metric. */
    void deadLetterReason(Topic topic, String reason) {
        deadLetterReasons
                .computeIfAbsent(topic, t -> new long[DeadLetterReason.values().length])[
                DeadLetterReason.of(reason).ordinal()]++;
    }

    /** Usage counted for a tenant and model, for the spend metrics. */
    void spent(UsageDelta delta, String model) {
        spent.add(delta);
        spent.add(model);
    }

    /** The event-id guard left this counted usage out of the batch: it is not spend either. */
    void spendLeftOut(UsageDelta delta) {
        if (spendLeftOut == null) {
            spendLeftOut = Collections.newSetFromMap(new IdentityHashMap<>());
        }
        spendLeftOut.add(delta);
    }

    void reportSpendAndReasons(IngestMetrics metrics) {
        Map<List<String>, Object[]> sums = new HashMap<>(); // (tenant, model) -> {long[] tokens, BigDecimal cost}
        for (int i = 0; i < spent.size(); i += 2) {
            UsageDelta delta = (UsageDelta) spent.get(i);
            if (spendLeftOut != null && spendLeftOut.contains(delta)) {
                continue;
            }
            Object[] sum = sums.computeIfAbsent(List.of(delta.tenant(), (String) spent.get(i + 1)), k ->
                    new Object[] {new long[1], BigDecimal.ZERO});
            ((long[]) sum[0])[0] += delta.totalTokens();
            sum[1] = ((BigDecimal) sum[1]).add(delta.costUsd());
        }
        sums.forEach((key, sum) -> metrics.spent(key.get(0), key.get(1), ((long[]) sum[0])[0], (BigDecimal) sum[1]));
        deadLetterReasons.forEach((topic, counts) -> {
            for (DeadLetterReason reason : DeadLetterReason.values()) {
                metrics.deadLettered(topic, reason, counts[reason.ordinal()]);
            }
        });
    }

    void skipped(Topic topic) {
        count(topic)[3]++;
    }

    void usage(UsageDelta delta, String partitionField, long offset) {
        usage.computeIfAbsent(delta.tenant(), tenant -> new TenantUsageBatch(tenant, keys))
                .add(delta, partitionField, offset);
    }

    Map<Topic, NativeBlock> rows() {
        return rows;
    }

    Iterable<TenantUsageBatch> usage() {
        return usage.values();
    }

    Map<TopicPartition, long[]> lastOffsets() {
        return lastOffsets;
    }

    long count(Topic topic, int which) {
        long[] c = counts.get(topic);
        return c == null ? 0 : c[which];
    }

    Iterable<Topic> topics() {
        return counts.keySet();
    }

    int records() {
        return records;
    }

    private long[] count(Topic topic) {
        return counts.computeIfAbsent(topic, t -> new long[5]);
    }
}
