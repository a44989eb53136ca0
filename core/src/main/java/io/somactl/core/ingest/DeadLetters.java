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
final class DeadLetters implements AutoCloseable {
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
    private final List<Pending> pending = new ArrayList<>();
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

    synchronized void send(String deadLetterTopic, ConsumerRecord<byte[], ByteBuffer> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        Letter letter = new Letter(deadLetterTopic, record.topic(), record.partition(), record.offset(), record.key(),
                record.value() == null ? 0 : record.value().remaining(), prefix(record.value()), reason);
        letter.addProvenance(headers);
        pending.add(new Pending(letter, send(new ProducerRecord<>(deadLetterTopic, null, record.key(),
                EventDecoder.bytes(record.value()), headers))));
    }

    /**
     * Waits until every dead letter sent so far is acknowledged by Kafka; one refused as too large
     * is sent again as a stub, and waited for.
     */
    synchronized void awaitAcknowledged() {
        producer.flush();
        try {
            List<Pending> stubs = new ArrayList<>();
            for (Pending letter : pending) {
                if (tooLarge(letter.sent())) {
                    stubs.add(new Pending(letter.letter(), send(letter.letter().stub())));
                }
            }
            if (!stubs.isEmpty()) {
                producer.flush();
                for (Pending stub : stubs) {
                    await(stub.sent());
                }
            }
        } finally {
            pending.clear();
        }
    }

    private Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        try {
            return producer.send(record);
        } catch (RecordTooLargeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for a send; true if Kafka refused it as too large, throws for any other failure. */
    private boolean tooLarge(Future<RecordMetadata> sent) {
        try {
            await(sent);
            return false;
        } catch (SomactlException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                return true;
            }
            throw e;
        }
    }

    private void await(Future<RecordMetadata> sent) {
        try {
            sent.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new SomactlException("Kafka did not accept a dead letter: " + e.getCause().getMessage(), e.getCause());
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

    /** What a dead letter says about its record, kept small enough to send again as a stub. */
    private record Letter(String deadLetterTopic, String topic, int partition, long offset, byte[] key, int valueBytes,
                          byte[] valuePrefix, String reason) {
        void addProvenance(RecordHeaders headers) {
            addProvenance(headers, reason);
        }

        void addProvenance(RecordHeaders headers, String reason) {
            headers.add(REASON, bytes(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason));
            headers.add(SOURCE_TOPIC, bytes(topic));
            headers.add(SOURCE_PARTITION, bytes(String.valueOf(partition)));
            headers.add(SOURCE_OFFSET, bytes(String.valueOf(offset)));
            headers.add(FAILED_AT, bytes(Instant.now().toString()));
        }

        ProducerRecord<byte[], byte[]> stub() {
            RecordHeaders headers = new RecordHeaders();
            addProvenance(headers, reason + "; a stub: the record of " + valueBytes
                    + " bytes is too large for the dead-letter topic, here are its first " + (valuePrefix == null ? 0 : valuePrefix.length)
                    + " bytes, the whole record stays at its source offset");
            headers.add(TRUNCATED, bytes("true"));
            headers.add(ORIGINAL_BYTES, bytes(String.valueOf(valueBytes)));
            byte[] shortKey = key == null || key.length <= STUB_KEY_BYTES ? key : Arrays.copyOf(key, STUB_KEY_BYTES);
            return new ProducerRecord<>(deadLetterTopic, null, shortKey, valuePrefix, headers);
        }
    }

    private record Pending(Letter letter, Future<RecordMetadata> sent) {}
}
