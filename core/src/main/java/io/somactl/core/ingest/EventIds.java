package io.somactl.core.ingest;

import io.somactl.core.usage.UsageDelta;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The identity of each row one lane encoded for one table in a batch, row {@code i} of the block
 * being entry {@code i} here: tenant, event id, time, fingerprint, where in Kafka it came from,
 * the usage it added to the batch (null if none) and the record itself, for a dead letter. Kept in
 * arrays, so a batch of a hundred thousand events makes a handful of objects, not a hundred
 * thousand. Used by one thread at a time.
 */
final class EventIds {
    private String[] tenants = new String[1024];
    private long[] idHigh = new long[1024];
    private long[] idLow = new long[1024];
    private long[] tsSeconds = new long[1024];
    private long[] fingerprints = new long[1024];
    private String[] topics = new String[1024];
    private int[] partitions = new int[1024];
    private long[] offsets = new long[1024];
    private UsageDelta[] usage = new UsageDelta[1024];
    private Object[] records = new Object[1024];
    private int size;

    /** An event whose provenance is the record it was read from. */
    void add(
            String tenant,
            long high,
            long low,
            long ts,
            long fingerprint,
            ConsumerRecord<byte[], ByteBuffer> record,
            UsageDelta counted) {
        add(tenant, high, low, ts, fingerprint, record.topic(), record.partition(), record.offset(), record, counted);
    }

    /** {@code topic}, {@code partition} and {@code offset}: the event's provenance, {@code record}: what a dead letter sends. */
    void add(
            String tenant,
            long high,
            long low,
            long ts,
            long fingerprint,
            String topic,
            int partition,
            long offset,
            ConsumerRecord<byte[], ByteBuffer> record,
            UsageDelta counted) {
        if (size == tenants.length) {
            grow();
        }
        tenants[size] = tenant;
        idHigh[size] = high;
        idLow[size] = low;
        tsSeconds[size] = ts;
        fingerprints[size] = fingerprint;
        topics[size] = topic;
        partitions[size] = partition;
        offsets[size] = offset;
        usage[size] = counted;
        records[size] = record;
        size++;
    }

    int size() {
        return size;
    }

    String tenant(int i) {
        return tenants[i];
    }

    long idHigh(int i) {
        return idHigh[i];
    }

    long idLow(int i) {
        return idLow[i];
    }

    long ts(int i) {
        return tsSeconds[i];
    }

    long fingerprint(int i) {
        return fingerprints[i];
    }

    /** The topic of the event's provenance: a Kafka topic, or a file's identity. */
    String topic(int i) {
        return topics[i];
    }

    int partition(int i) {
        return partitions[i];
    }

    long offset(int i) {
        return offsets[i];
    }

    UsageDelta usage(int i) {
        return usage[i];
    }

    @SuppressWarnings("unchecked")
    ConsumerRecord<byte[], ByteBuffer> record(int i) {
        return (ConsumerRecord<byte[], ByteBuffer>) records[i];
    }

    private void grow() {
        int n = size * 2;
        tenants = Arrays.copyOf(tenants, n);
        idHigh = Arrays.copyOf(idHigh, n);
        idLow = Arrays.copyOf(idLow, n);
        tsSeconds = Arrays.copyOf(tsSeconds, n);
        fingerprints = Arrays.copyOf(fingerprints, n);
        topics = Arrays.copyOf(topics, n);
        partitions = Arrays.copyOf(partitions, n);
        offsets = Arrays.copyOf(offsets, n);
        usage = Arrays.copyOf(usage, n);
        records = Arrays.copyOf(records, n);
    }

    /** The high 64 bits of the UUID {@code 2fbde86f-e242-4aaa-97b1-ce95d4b26946} written in ASCII at {@code from}. */
    static long high(byte[] ascii, int from) {
        return hex(ascii, from, 0, 8) << 32 | hex(ascii, from, 9, 13) << 16 | hex(ascii, from, 14, 18);
    }

    /** The low 64 bits, as {@link #high}. */
    static long low(byte[] ascii, int from) {
        return hex(ascii, from, 19, 23) << 48 | hex(ascii, from, 24, 36);
    }

    /** {@link #high} of a UUID in text at {@code from}. */
    static long high(CharSequence text, int from) {
        return hex(text, from, 0, 8) << 32 | hex(text, from, 9, 13) << 16 | hex(text, from, 14, 18);
    }

    /** {@link #low} of a UUID in text at {@code from}. */
    static long low(CharSequence text, int from) {
        return hex(text, from, 19, 23) << 48 | hex(text, from, 24, 36);
    }

    private static long hex(CharSequence text, int base, int from, int to) {
        long v = 0;
        for (int i = base + from; i < base + to; i++) {
            v = v << 4 | Character.digit(text.charAt(i), 16);
        }
        return v;
    }

    static String format(long high, long low) {
        return new java.util.UUID(high, low).toString();
    }

    private static long hex(byte[] ascii, int base, int from, int to) {
        long v = 0;
        for (int i = base + from; i < base + to; i++) {
            v = v << 4 | Character.digit(ascii[i], 16);
        }
        return v;
    }
}
