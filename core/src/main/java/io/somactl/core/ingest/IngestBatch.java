package io.somactl.core.ingest;

import io.somactl.core.clickhouse.block.NativeBlock;
import io.somactl.core.events.Topic;
import io.somactl.core.usage.TenantUsageBatch;
import io.somactl.core.usage.UsageKeys;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records read since the last commit, in one part per lane (each lane reads its own
 * partitions): rows per table, usage per tenant, counts for metrics, and the offset to commit per
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

    /** Usage per tenant and lane; a tenant read by two lanes has two entries, for different partitions. */
    List<TenantUsageBatch> usage() {
        List<TenantUsageBatch> usage = new ArrayList<>();
        parts.forEach(part -> part.usage().forEach(usage::add));
        return usage;
    }

    Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        parts.forEach(part -> part.lastOffsets().forEach((partition, last) ->
                next.put(partition, new OffsetAndMetadata(last[0] + 1))));
        return next;
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

    long openedAt() {
        return openedAtNanos;
    }

    long ageNanos() {
        return System.nanoTime() - openedAtNanos;
    }
}
