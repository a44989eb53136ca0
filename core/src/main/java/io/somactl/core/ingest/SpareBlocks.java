package io.somactl.core.ingest;

import io.somactl.core.clickhouse.block.NativeBlock;
import io.somactl.core.events.Topic;
import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Blocks of batches already stored, emptied, for the next batches. A batch's columns grow to tens
 * of megabytes; made anew for every batch they would be copied by the garbage collector while they
 * fill, whereas reused ones settle in the old generation once and stay there. Thread-safe: lanes
 * take, the read loop gives back.
 */
final class SpareBlocks {
    private final Map<Topic, Queue<NativeBlock>> spares = new EnumMap<>(Topic.class);
    private final int keptPerTopic;

    /** @param keptPerTopic at most this many kept per table: the lanes' blocks of the batch filling and of the one in flight */
    SpareBlocks(int keptPerTopic) {
        this.keptPerTopic = keptPerTopic;
        for (Topic topic : Topic.values()) {
            spares.put(topic, new ConcurrentLinkedQueue<>());
        }
    }

    NativeBlock take(Topic topic, Supplier<NativeBlock> orNew) {
        NativeBlock spare = spares.get(topic).poll();
        return spare != null ? spare : orNew.get();
    }

    void giveBack(Topic topic, NativeBlock block) {
        Queue<NativeBlock> kept = spares.get(topic);
        if (kept.size() < keptPerTopic) {
            block.clear();
            kept.offer(block);
        }
    }
}
