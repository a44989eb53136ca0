package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Expected;
import io.somactl.core.testing.LocalStack;
import io.somactl.core.testing.UsageReconciliation;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away and comes back (stack/restart kafka: a clean stop, then a start; the group
 * coordinator and every partition leader with it) while a worker is ingesting. Like
 * IngestWorkerIT's ClickHouse restart, nothing may be lost or stored twice, and Redis must agree.
 * It stops the shared broker for about 15 s: other tests running meanwhile may see Kafka errors.
 */
@Tag("stack")
class IngestKafkaRestartIT {

    @Test
    void aKafkaBrokerRestartDuringIngestLosesAndDuplicatesNothing() throws Exception {
        IngestFixture fixture = new IngestFixture("kafkarestart");
        Expected expected = fixture.produce(IngestFixture.trace(80_000));
        long brokerBefore = brokerPid(fixture.stack);
        CompletableFuture<IngestSummary> running =
                IngestRun.inBackground(fixture, IngestRun.config(fixture, "g-" + fixture.name, 500));
        fixture.awaitSlmRows(1);
        long beforeRestart = fixture.count(Topic.SLM_METRICS);
        fixture.stack.run("restart", "kafka");
        boolean ingestOutlivedTheRestart = !running.isDone();
        long brokerAfter = brokerPid(fixture.stack);

        assertNotEquals(
                brokerBefore,
                brokerAfter,
                "stack/restart kafka left the same broker process (pid " + brokerBefore
                        + ") running, so nothing was restarted");
        assertTrue(
                beforeRestart < expected.events.get(Topic.SLM_METRICS),
                "ingest had stored every slm event before the broker went down, so the restart tested nothing");
        assertTrue(
                ingestOutlivedTheRestart,
                "ingest ended while the broker was away instead of waiting for it: "
                        + (running.isDone() ? running.join() : ""));
        IngestSummary summary = running.get(5, TimeUnit.MINUTES);

        assertTrue(summary.clean(), "ingest did not finish cleanly after the broker came back: " + summary.problem());
        IngestWorkerIT.assertStoredExactlyOnce(fixture, expected);
        for (Topic topic : List.of(Topic.SLM_METRICS, Topic.ESCALATION_METRICS)) {
            assertEquals(expected.inputTokens.get(topic), fixture.sum(topic, "input_tokens"), topic + " input tokens");
            assertEquals(
                    expected.outputTokens.get(topic), fixture.sum(topic, "output_tokens"), topic + " output tokens");
        }
        BigDecimal total = fixture.costSum(Topic.SLM_METRICS);
        BigDecimal components = new BigDecimal(
                fixture.clickHouse.selectValue(
                        "SELECT toString(sum(cost_input_usd + "
                                + "cost_cached_read_usd + cost_cached_write_usd + cost_output_usd + cost_reasoning_usd + cost_gpu_usd)) FROM slm_metrics"));
        assertEquals(
                0,
                total.compareTo(components),
                "slm cost total " + total + " is not the sum of its components " + components);
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    /** The broker's process id, from the stack's pid file ({@code $SOMACTL_STACK_DIR/kafka/kafka.pid}). */
    private static long brokerPid(LocalStack stack) throws IOException {
        String dir = System.getenv("SOMACTL_STACK_DIR");
        Path stackDir = dir == null || dir.isBlank() ? stack.root().resolve(".stack") : Path.of(dir);
        return Long.parseLong(
                Files.readString(stackDir.resolve("kafka/kafka.pid")).strip());
    }
}
