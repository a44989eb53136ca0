package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.kafka.KafkaSettings;
import io.somactl.core.kafka.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --instance-id becomes the consumer's static member id (Kafka's group.instance.id). */
class ConsumerConfigTest {
    private static final KafkaSettings KAFKA = new KafkaSettings("127.0.0.1:9092", Map.of(), Duration.ofSeconds(10));

    private static IngestConfig config(String instanceId) {
        return new IngestConfig(
                List.of(Topic.values()),
                new TopicNames(""),
                "somactl-ingest",
                1_000,
                Duration.ofMillis(200),
                1 << 20,
                false,
                Duration.ofSeconds(1),
                Duration.ZERO,
                1,
                instanceId);
    }

    @Test
    void anInstanceIdBecomesTheConsumersGroupInstanceId() {
        assertEquals(
                "ingest-1",
                IngestWorker.consumerConfig(KAFKA, config("ingest-1")).getProperty("group.instance.id"));
    }

    @Test
    void withoutAnInstanceIdTheWorkerIsADynamicMember() {
        assertFalse(
                IngestWorker.consumerConfig(KAFKA, config(null)).containsKey("group.instance.id"),
                "no --instance-id must leave group.instance.id unset");
    }

    @Test
    void theOptionWinsOverACommandPropertyWhichStillWorksAlone() {
        KafkaSettings withProperty = new KafkaSettings(
                "127.0.0.1:9092", Map.of("group.instance.id", "from-property"), Duration.ofSeconds(10));
        assertEquals(
                "from-option",
                IngestWorker.consumerConfig(withProperty, config("from-option")).getProperty("group.instance.id"));
        assertEquals(
                "from-property",
                IngestWorker.consumerConfig(withProperty, config(null)).getProperty("group.instance.id"));
    }

    @Test
    void anInstanceIdKafkaWouldRefuseIsAUsageError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config("worker 1"));
        assertTrue(e.getMessage().contains("--instance-id"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config(""));
        assertThrows(IllegalArgumentException.class, () -> config("x".repeat(250)));
    }
}
