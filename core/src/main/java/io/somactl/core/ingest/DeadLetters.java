package io.somactl.core.ingest;

import io.somactl.core.SomactlException;
import io.somactl.core.kafka.KafkaSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends events ingest cannot store to their topic's {@code .dlq}, unchanged, with headers that say
 * why and where they came from. A batch's offsets are committed only after its dead letters are
 * acknowledged, so nothing is dropped silently; after a crash a dead letter may be sent twice.
 *
 * <p>A record too large to be dead-lettered whole (a producer may send a large record compressed
 * that passes the broker's size check, which ingest then cannot send on) goes as a <b>stub</b>:
 * the first {@value #STUB_PREFIX_BYTES} bytes of its value, its key cut to
 * {@value #STUB_KEY_BYTES} bytes, none of its own headers, and the usual headers plus
 * {@code somactl.truncated} and {@code somactl.original.bytes}. Its provenance headers point to
 * the whole record in the source topic.
 */
final class DeadLetters implements DeadLetterSink, AutoCloseable {
    static final String REASON = "somactl.reason";
    static final String SOURCE_TOPIC = "somactl.source.topic";
    static final String SOURCE_PARTITION = "somactl.source.partition";
    static final String SOURCE_OFFSET = "somactl.source.offset";
    static final String FAILED_AT = "somactl.failed.at";
    static final String TRUNCATED = "somactl.truncated";
    static final String ORIGINAL_BYTES = "somactl.original.bytes";
    static final int STUB_PREFIX_BYTES = 64 * 1024;
    static final int STUB_KEY_BYTES = 1024;
    private static final int MAX_REASON = 2_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();
    private final List<ProducerRecord<byte[], byte[]>> stubs = new ArrayList<>(); // filled by the producer's callbacks
    private final long timeoutMillis;

    /** Dead letters up to twice the larger of 1 MiB and {@code maxEventBytes} go whole (lz4 keeps most under the broker's limit). */
    DeadLetters(KafkaSettings settings, int maxEventBytes) {
        Properties config = settings.clientConfig();
        config.put("enable.idempotence", "true");
        config.put("acks", "all");
        config.put("linger.ms", "5");
        config.put("compression.type", "lz4");
        config.putIfAbsent("max.request.size", String.valueOf(maxRequestSize(maxEventBytes)));
        config.put("client.id", "somactl-ingest-dlq");
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.timeoutMillis = settings.timeout().toMillis();
    }

    static int maxRequestSize(int maxEventBytes) {
        return (int) Math.min(Integer.MAX_VALUE, 2L * Math.max(1 << 20, maxEventBytes));
    }

    @Override
    public synchronized void send(String deadLetterTopic, ConsumerRecord<byte[], ByteBuffer> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        addProvenance(headers, record, reason);
        ProducerRecord<byte[], byte[]> letter =
                new ProducerRecord<>(deadLetterTopic, null, record.key(), EventDecoder.bytes(record.value()), headers);
        // The record is held only until Kafka answers; a stub is cut from it only if it is refused as too large.
        try {
            pending.add(producer.send(letter, (sent, failure) -> {
                if (failure instanceof RecordTooLargeException) {
                    synchronized (stubs) {
                        stubs.add(stub(deadLetterTopic, record, reason));
                    }
                }
            }));
        } catch (RecordTooLargeException e) {
            synchronized (stubs) {
                stubs.add(stub(deadLetterTopic, record, reason));
            }
            pending.add(CompletableFuture.failedFuture(e));
        }
    }

    /**
     * Waits until every dead letter sent so far is acknowledged by Kafka; those refused as too
     * large are then sent as stubs, and waited for.
     */
    synchronized void awaitAcknowledged() {
        producer.flush();
        try {
            for (Future<RecordMetadata> sent : pending) {
                awaitUnlessTooLarge(sent);
            }
            List<ProducerRecord<byte[], byte[]>> cut;
            synchronized (stubs) {
                cut = new ArrayList<>(stubs);
                stubs.clear();
            }
            List<Future<RecordMetadata>> sentStubs = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> stub : cut) {
                sentStubs.add(sendStub(stub));
            }
            producer.flush();
            for (Future<RecordMetadata> sent : sentStubs) {
                await(sent);
            }
        } finally {
            pending.clear();
            synchronized (stubs) {
                stubs.clear();
            }
        }
    }

    private Future<RecordMetadata> sendStub(ProducerRecord<byte[], byte[]> stub) {
        try {
            return producer.send(stub);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for a send; a refusal as too large is left to its stub, any other failure throws. */
    private void awaitUnlessTooLarge(Future<RecordMetadata> sent) {
        try {
            await(sent);
        } catch (SomactlException e) {
            if (!(e.getCause() instanceof RecordTooLargeException)) {
                throw e;
            }
        }
    }

    private void await(Future<RecordMetadata> sent) {
        try {
            sent.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new SomactlException(
                    "Kafka did not accept a dead letter: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new SomactlException("Kafka did not accept a dead letter within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted while sending dead letters", e);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }

    private static byte[] prefix(ByteBuffer value) {
        if (value == null) {
            return null;
        }
        byte[] prefix = new byte[Math.min(STUB_PREFIX_BYTES, value.remaining())];
        value.duplicate().get(prefix);
        return prefix;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void addProvenance(RecordHeaders headers, ConsumerRecord<byte[], ByteBuffer> record, String reason) {
        headers.add(REASON, bytes(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason));
        headers.add(SOURCE_TOPIC, bytes(record.topic()));
        headers.add(SOURCE_PARTITION, bytes(String.valueOf(record.partition())));
        headers.add(SOURCE_OFFSET, bytes(String.valueOf(record.offset())));
        headers.add(FAILED_AT, bytes(Instant.now().toString()));
    }

    /** The bounded stand-in for a record too large to dead-letter whole. */
    static ProducerRecord<byte[], byte[]> stub(
            String deadLetterTopic, ConsumerRecord<byte[], ByteBuffer> record, String reason) {
        int valueBytes = record.value() == null ? 0 : record.value().remaining();
        byte[] prefix = prefix(record.value());
        RecordHeaders headers = new RecordHeaders();
        addProvenance(
                headers,
                record,
                reason + "; a stub: the record of " + valueBytes
                        + " bytes is too large for the dead-letter topic, here are its first "
                        + (prefix == null ? 0 : prefix.length)
                        + " bytes, the whole record stays at its source offset");
        headers.add(TRUNCATED, bytes("true"));
        headers.add(ORIGINAL_BYTES, bytes(String.valueOf(valueBytes)));
        byte[] key = record.key();
        byte[] shortKey = key == null || key.length <= STUB_KEY_BYTES ? key : Arrays.copyOf(key, STUB_KEY_BYTES);
        return new ProducerRecord<>(deadLetterTopic, null, shortKey, prefix, headers);
    }
}
