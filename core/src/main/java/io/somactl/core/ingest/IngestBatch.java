package io.somactl.core.ingest;

import io.somactl.core.clickhouse.block.NativeBlock;
import io.somactl.core.events.Topic;
import io.somactl.core.usage.TenantUsageBatch;
import io.somactl.core.usage.UsageKeys;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records read since the last commit, in one part per lane (each lane takes a share of every
 * poll): rows per table, usage per tenant, counts for metrics, and the offset to commit per
 * partition once all of it is stored.
 */
final class IngestBatch {
    private final List<BatchPart> parts = new ArrayList<>();
    private final long openedAtNanos = System.nanoTime();

    IngestBatch(UsageKeys keys, int lanes, BiFunction<Integer, Topic, NativeBlock> newBlock) {
        for (int lane = 0; lane < lanes; lane++) {
            int of = lane;
            parts.add(new BatchPart(keys, topic -> newBlock.apply(of, topic)));
        }
    }

    BatchPart part(int lane) {
        return parts.get(lane);
    }

    List<BatchPart> parts() {
        return parts;
    }

    /** Each table's rows, one block per lane that has any. */
    Map<Topic, List<NativeBlock>> rows() {
        Map<Topic, List<NativeBlock>> rows = new EnumMap<>(Topic.class);
        for (BatchPart part : parts) {
            part.rows().forEach((topic, block) -> {
                if (block.rows() > 0) {
                    rows.computeIfAbsent(topic, t -> new ArrayList<>()).add(block);
                }
            });
        }
        return rows;
    }

    /** Every block of the batch, with or without rows, by table. */
    void forEachBlock(java.util.function.BiConsumer<Topic, NativeBlock> action) {
        for (BatchPart part : parts) {
            part.rows().forEach(action);
        }
    }

    /** Usage per tenant, the lanes' shares added up: one entry per tenant, applied to Redis at once. */
    List<TenantUsageBatch> usage() {
        Map<String, TenantUsageBatch> byTenant = new LinkedHashMap<>();
        for (BatchPart part : parts) {
            for (TenantUsageBatch share : part.usage()) {
                TenantUsageBatch sum = byTenant.putIfAbsent(share.tenant(), share);
                if (sum != null) {
                    sum.addAll(share);
                }
            }
        }
        return new ArrayList<>(byTenant.values());
    }

    /** Per partition, the offset after the highest one any lane read. */
    Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
        Map<TopicPartition, Long> last = new HashMap<>();
        parts.forEach(
                part -> part.lastOffsets().forEach((partition, offset) -> last.merge(partition, offset[0], Math::max)));
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        last.forEach((partition, offset) -> next.put(partition, new OffsetAndMetadata(offset + 1)));
        return next;
    }

    /**
     * For {@link SessionSink}: per source partition ({@code _topic}, {@code _partition}), the offsets this
     * batch covers: from the sink's watermark to the last offset read, and the provenance of every row
     * (a replayed dead letter's is its source record, below any watermark).
     */
    Map<String, Map<Integer, long[]>> sourceRanges() {
        Map<String, Map<Integer, long[]>> ranges = new HashMap<>();
        for (BatchPart part : parts) {
            part.lastOffsets()
                    .forEach((partition, last) -> cover(
                            ranges, partition.topic(), partition.partition(), SessionSink.FROM_WATERMARK, last[0]));
            for (EventIds ids : part.ids().values()) {
                for (int i = 0; i < ids.size(); i++) {
                    cover(ranges, ids.topic(i), ids.partition(i), ids.offset(i), ids.offset(i));
                }
            }
        }
        return ranges;
    }

    private static void cover(
            Map<String, Map<Integer, long[]>> ranges, String topic, int partition, long from, long through) {
        long[] range = ranges.computeIfAbsent(topic, t -> new HashMap<>())
                .computeIfAbsent(partition, p -> new long[] {from, through});
        range[0] = Math.min(range[0], from);
        range[1] = Math.max(range[1], through);
    }

    long count(Topic topic, int which) {
        long sum = 0;
        for (BatchPart part : parts) {
            sum += part.count(topic, which);
        }
        return sum;
    }

    Set<Topic> topics() {
        Set<Topic> topics = EnumSet.noneOf(Topic.class);
        parts.forEach(part -> part.topics().forEach(topics::add));
        return topics;
    }

    int records() {
        int records = 0;
        for (BatchPart part : parts) {
            records += part.records();
        }
        return records;
    }

    boolean isEmpty() {
        return records() == 0;
    }

    /** The lanes' spend per tenant and model and dead letters per reason, into the worker's metrics. */
    void reportSpendAndReasons(io.somactl.core.ingest.metrics.IngestMetrics metrics) {
        for (BatchPart part : parts) {
            part.reportSpendAndReasons(metrics);
        }
    }

    long openedAt() {
        return openedAtNanos;
    }

    long ageNanos() {
        return System.nanoTime() - openedAtNanos;
    }
}
