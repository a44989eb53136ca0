package io.somactl.core.ingest;

import io.somactl.core.events.Topic;
import io.somactl.core.usage.TenantUsageBatch;
import io.somactl.core.usage.UsageDelta;
import io.somactl.core.usage.UsageKeys;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records read since the last commit: rows per table (JSONEachRow), usage per tenant, counts
 * for metrics, and the offset to commit per partition once all of it is stored.
 */
final class IngestBatch {
    private final Map<Topic, ByteArrayOutputStream> rows = new EnumMap<>(Topic.class);
    private final Map<Topic, long[]> counts = new EnumMap<>(Topic.class); // consumed, rows, dead letters, skipped
    private final Map<String, TenantUsageBatch> usage = new LinkedHashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();
    private final UsageKeys keys;
    private final long openedAtNanos = System.nanoTime();
    private int records;

    IngestBatch(UsageKeys keys) {
        this.keys = keys;
    }

    void consumed(Topic topic, TopicPartition partition, long offset) {
        nextOffsets.put(partition, new OffsetAndMetadata(offset + 1));
        count(topic)[0]++;
        records++;
    }

    ByteArrayOutputStream rowsOf(Topic topic) {
        count(topic)[1]++;
        return rows.computeIfAbsent(topic, t -> new ByteArrayOutputStream(1 << 16));
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

    Map<Topic, ByteArrayOutputStream> rows() {
        return rows;
    }

    List<TenantUsageBatch> usage() {
        return new ArrayList<>(usage.values());
    }

    Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
        return nextOffsets;
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
