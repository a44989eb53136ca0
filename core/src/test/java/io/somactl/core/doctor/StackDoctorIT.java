package io.somactl.core.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.Secret;
import io.somactl.core.clickhouse.ClickHouseSettings;
import io.somactl.core.kafka.KafkaSettings;
import io.somactl.core.redis.RedisSettings;
import io.somactl.core.testing.LocalStack;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("stack")
class StackDoctorIT {
    private final LocalStack stack = LocalStack.ensureUp();

    @Test
    void reportsEveryServerOfTheLocalStackUpWithItsVersion() {
        List<HealthReport> reports = new StackDoctor(List.of(
                        new KafkaHealthCheck(stack.kafka()),
                        new ClickHouseHealthCheck(stack.clickHouse("default")),
                        new RedisHealthCheck(stack.redis("somactl"))))
                .examine();
        assertEquals(
                List.of("kafka", "clickhouse", "redis"),
                reports.stream().map(HealthReport::server).toList());
        for (HealthReport report : reports) {
            assertTrue(report.up(), report.server() + " should be up: " + report.problem());
        }
        assertEquals("18.16.1", reports.get(1).version());
        assertTrue(reports.get(2).version().startsWith("7."), reports.get(2).version());
        assertTrue(reports.get(0).version().contains("1 broker"), reports.get(0).version());
    }

    @Test
    void reportsServersThatDoNotAnswerAsDownWithinTheTimeout() {
        Duration timeout = Duration.ofSeconds(2);
        long start = System.nanoTime();
        List<HealthReport> reports = new StackDoctor(List.of(
                        new KafkaHealthCheck(new KafkaSettings("127.0.0.1:1", Map.of(), timeout)),
                        new ClickHouseHealthCheck(new ClickHouseSettings(
                                URI.create("http://127.0.0.1:1"), "default", Secret.none(), "default", timeout)),
                        new RedisHealthCheck(
                                new RedisSettings("redis://127.0.0.1:1", Secret.none(), "somactl", timeout))))
                .examine();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        for (HealthReport report : reports) {
            assertFalse(report.up(), report.server() + " on port 1 cannot be up");
            assertFalse(report.problem().isBlank(), report.server() + " must say why it is down");
        }
        assertTrue(took.toSeconds() < 30, "checks against dead servers must not hang; took " + took);
    }
}
