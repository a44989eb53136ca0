package io.somactl.core.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.kafka.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaEventSinkTest {

    private static Properties config(Map<String, String> extra) {
        return KafkaEventSink.producerConfig(new KafkaSettings("127.0.0.1:1", extra, Duration.ofSeconds(10)), 1 << 20);
    }

    @Test
    void theProducerIsIdempotentWaitsForAllReplicasAndBatchesForThroughput() {
        Properties config = config(Map.of());
        assertEquals("true", config.get("enable.idempotence"));
        assertEquals("all", config.get("acks"));
        assertEquals("lz4", config.get("compression.type"));
        assertEquals("20", config.get("linger.ms"));
        assertEquals(String.valueOf(256 * 1024), config.get("batch.size"));
        assertEquals("5", config.get("max.in.flight.requests.per.connection"), "the most idempotence allows");
        long delivery = Long.parseLong(config.getProperty("delivery.timeout.ms"));
        assertTrue(
                delivery >= 20 + 10_000,
                "Kafka needs delivery.timeout.ms >= linger.ms + request.timeout.ms: " + delivery);
        assertTrue(
                Long.parseLong(config.getProperty("max.request.size")) > 1 << 20,
                "a line at the 1 MiB limit fits a request");
    }

    @Test
    void commandPropertiesMayTuneBatchingButNotWeakenDelivery() {
        Properties config = config(Map.of("linger.ms", "50", "acks", "1", "enable.idempotence", "false"));
        assertEquals("50", config.get("linger.ms"));
        assertEquals("all", config.get("acks"), "every event acknowledged by all in-sync replicas");
        assertEquals("true", config.get("enable.idempotence"), "retries must never duplicate an event");
    }
}
