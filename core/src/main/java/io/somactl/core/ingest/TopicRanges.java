package io.somactl.core.ingest;

import io.somactl.core.SomactlException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * A range of Kafka records to read, per partition {from, to} (to exclusive), as {@code replay} and
 * {@code archive} take it: given offsets of some partitions, or times resolved with the broker's
 * offsets-for-times ({@code from}: the first record at or after it; {@code to}: the first at or
 * after it, excluded), or else each partition whole; always within what the broker still holds.
 */
final class TopicRanges {
    private TopicRanges() {}

    static Map<TopicPartition, long[]> resolve(
            Consumer<?, ?> consumer,
            Collection<String> topics,
            Map<Integer, long[]> offsets,
            Instant from,
            Instant to,
            Duration timeout) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String name : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(name, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new SomactlException("Kafka has no topic " + name);
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> fromTimes = times(consumer, partitions, from, end, timeout);
        Map<TopicPartition, Long> toTimes = times(consumer, partitions, to, end, timeout);
        Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            long first = begin.get(partition);
            long last = end.get(partition);
            long start;
            long stop;
            if (offsets != null && !offsets.isEmpty()) {
                long[] asked = offsets.get(partition.partition());
                if (asked == null) {
                    continue;
                }
                start = Math.max(first, asked[0]);
                stop = Math.min(last, asked[1]);
            } else {
                start = Math.max(first, fromTimes.getOrDefault(partition, first));
                stop = Math.min(last, toTimes.getOrDefault(partition, last));
            }
            ranges.put(partition, new long[] {start, Math.max(start, stop)});
        }
        return ranges;
    }

    /** Per partition, the first offset at or after {@code at} (the end when none), or nothing without {@code at}. */
    private static Map<TopicPartition, Long> times(
            Consumer<?, ?> consumer,
            List<TopicPartition> partitions,
            Instant at,
            Map<TopicPartition, Long> end,
            Duration timeout) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (at == null) {
            return offsets;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, at.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp hit = found.get(partition);
            offsets.put(partition, hit == null ? end.get(partition) : hit.offset());
        }
        return offsets;
    }
}
