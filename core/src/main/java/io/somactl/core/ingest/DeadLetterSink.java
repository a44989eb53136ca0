package io.somactl.core.ingest;

import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where the events ingest cannot store go, with the reason: {@link DeadLetters} sends them to
 * their topic's {@code .dlq}; a replay that must not write (a dry run, or events read from a
 * dead-letter topic, which stay where they are) counts them instead.
 */
interface DeadLetterSink {
    void send(String deadLetterTopic, ConsumerRecord<byte[], ByteBuffer> record, String reason);
}
