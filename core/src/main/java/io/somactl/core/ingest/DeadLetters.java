package io.somactl.core.ingest;

import io.somactl.core.SomactlException;
import io.somactl.core.kafka.KafkaSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends events ingest cannot store to their topic's {@code .dlq}, unchanged, with headers that say
 * why and where they came from. A batch's offsets are committed only after its dead letters are
 * acknowledged, so nothing is dropped silently; after a crash a dead letter may be sent twice.
 */
final class DeadLetters implements AutoCloseable {
    static final String REASON = "somactl.reason";
    static final String SOURCE_TOPIC = "somactl.source.topic";
    static final String SOURCE_PARTITION = "somactl.source.partition";
    static final String SOURCE_OFFSET = "somactl.source.offset";
    static final String FAILED_AT = "somactl.failed.at";
    private static final int MAX_REASON = 2_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();
    private final long timeoutMillis;

    DeadLetters(KafkaSettings settings) {
        Properties config = settings.clientConfig();
        config.put("enable.idempotence", "true");
        config.put("acks", "all");
        config.put("linger.ms", "5");
        config.put("client.id", "somactl-ingest-dlq");
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.timeoutMillis = settings.timeout().toMillis();
    }

    synchronized void send(String deadLetterTopic, ConsumerRecord<byte[], ByteBuffer> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        headers.add(REASON, bytes(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason));
        headers.add(SOURCE_TOPIC, bytes(record.topic()));
        headers.add(SOURCE_PARTITION, bytes(String.valueOf(record.partition())));
        headers.add(SOURCE_OFFSET, bytes(String.valueOf(record.offset())));
        headers.add(FAILED_AT, bytes(Instant.now().toString()));
        pending.add(producer.send(new ProducerRecord<>(deadLetterTopic, null, record.key(), EventDecoder.bytes(record.value()), headers)));
    }

    /** Waits until every dead letter sent so far is acknowledged by Kafka. */
    synchronized void awaitAcknowledged() {
        producer.flush();
        try {
            for (Future<RecordMetadata> future : pending) {
                future.get(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new SomactlException("Kafka did not accept a dead letter: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted while sending dead letters", e);
        } finally {
            pending.clear();
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
