package io.somactl.core.ingest;

import io.somactl.core.events.Topic;
import io.somactl.core.usage.TenantUsageBatch;
import io.somactl.core.usage.UsageDelta;
import io.somactl.core.usage.UsageKeys;
import io.somactl.core.clickhouse.block.NativeBlock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records read since the last commit: rows per table (a Native block), usage per tenant, counts
 * for metrics, and the offset to commit per partition once all of it is stored.
 */
final class IngestBatch {
    private final Map<Topic, NativeBlock> rows = new EnumMap<>(Topic.class);
    private final Map<Topic, long[]> counts = new EnumMap<>(Topic.class); // consumed, rows, dead letters, skipped
    private final Map<String, TenantUsageBatch> usage = new LinkedHashMap<>();
    private final Map<TopicPartition, long[]> lastOffsets = new HashMap<>();
    private final UsageKeys keys;
    private final Function<Topic, NativeBlock> newBlock;
    private final long openedAtNanos = System.nanoTime();
    private int records;

    IngestBatch(UsageKeys keys, Function<Topic, NativeBlock> newBlock) {
        this.keys = keys;
        this.newBlock = newBlock;
    }

    void consumed(Topic topic, TopicPartition partition, long offset) {
        long[] last = lastOffsets.get(partition);
        if (last == null) {
            lastOffsets.put(partition, new long[] {offset});
        } else {
            last[0] = offset;
        }
        count(topic)[0]++;
        records++;
    }

    NativeBlock rowsOf(Topic topic) {
        return rows.computeIfAbsent(topic, newBlock);
    }

    void rowAdded(Topic topic) {
        count(topic)[1]++;
    }

    void deadLettered(Topic topic) {
        count(topic)[2]++;
    }

    void skipped(Topic topic) {
        count(topic)[3]++;
    }

    void usage(UsageDelta delta, String partitionField, long offset) {
        usage.computeIfAbsent(delta.tenant(), tenant -> new TenantUsageBatch(tenant, keys)).add(delta, partitionField, offset);
    }

    Map<Topic, NativeBlock> rows() {
        return rows;
    }

    List<TenantUsageBatch> usage() {
        return new ArrayList<>(usage.values());
    }

    Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        lastOffsets.forEach((partition, last) -> next.put(partition, new OffsetAndMetadata(last[0] + 1)));
        return next;
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

    boolean isEmpty() {
        return records == 0;
    }

    long openedAt() {
        return openedAtNanos;
    }

    long ageNanos() {
        return System.nanoTime() - openedAtNanos;
    }

    private long[] count(Topic topic) {
        return counts.computeIfAbsent(topic, t -> new long[4]);
    }
}
