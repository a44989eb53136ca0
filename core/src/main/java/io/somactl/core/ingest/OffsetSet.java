package io.somactl.core.ingest;

import java.util.BitSet;

/**
 * The Kafka offsets of one partition that ClickHouse already holds, at or above a base: one bit
 * per offset, so even ten million stored offsets take about a megabyte.
 */
final class OffsetSet {
    static final OffsetSet EMPTY = new OffsetSet(0, new BitSet());

    private final long base;
    private final BitSet bits;

    private OffsetSet(long base, BitSet bits) {
        this.base = base;
        this.bits = bits;
    }

    static Builder from(long base) {
        return new Builder(base);
    }

    boolean contains(long offset) {
        long index = offset - base;
        return index >= 0 && index < Integer.MAX_VALUE && bits.get((int) index);
    }

    int size() {
        return bits.cardinality();
    }

    static final class Builder {
        private final long base;
        private final BitSet bits = new BitSet();

        private Builder(long base) {
            this.base = base;
        }

        void add(long offset) {
            long index = offset - base;
            if (index < 0 || index >= Integer.MAX_VALUE) {
                throw new IllegalStateException("offset " + offset + " is out of range above " + base);
            }
            bits.set((int) index);
        }

        OffsetSet build() {
            return new OffsetSet(base, bits);
        }
    }
}
