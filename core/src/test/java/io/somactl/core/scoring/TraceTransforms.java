package io.somactl.core.scoring;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TopicEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Documented transformations of trace-derived telemetry (docs/scoring.md, "Test data"), applied to
 * the events before they are produced, so ingest prices and stores them like any others. Every
 * choice of which event to change is a function of its own event_id, so the result is reproducible.
 */
public final class TraceTransforms {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private TraceTransforms() {}

    /**
     * More fallbacks for one escalation target: of its successful escalations, those whose event_id
     * falls in the given share (by the UUID's low bits) become fallbacks exactly as the generator
     * writes its own: outcome {@code fallback}, no output (or reasoning) tokens, and the 30 s latency
     * of a timed-out attempt.
     */
    public static List<TopicEvent> moreFallbacks(List<TopicEvent> events, String model, double share) {
        return events.stream()
                .map(e -> {
                    if (e.topic() != Topic.ESCALATION_METRICS
                            || !e.json().contains("\"oss_model_id\":\"" + model + "\"")) {
                        return e;
                    }
                    ObjectNode event = read(e);
                    if (!event.path("outcome").asText().equals("success") || !chosen(event, share)) {
                        return e;
                    }
                    event.put("outcome", "fallback");
                    event.put("output_tokens", 0);
                    event.remove("reasoning_tokens");
                    event.put("latency_ms", new BigDecimal("30000.0"));
                    return new TopicEvent(e.topic(), e.tenant(), write(event));
                })
                .toList();
    }

    /**
     * A latency spike: the serving path of {@code model} gets {@code factor} times slower during
     * [{@code from}, {@code until}): each of its SLM requests there keeps its tokens and GPU time
     * (so its price) but its {@code latency_ms}, {@code ttft_ms} and {@code queue_delay_ms} are
     * multiplied by the factor. The spike therefore has the shape of the real latencies it scales.
     */
    public static List<TopicEvent> latencySpike(
            List<TopicEvent> events, String model, Instant from, Instant until, BigDecimal factor) {
        return events.stream()
                .map(e -> {
                    if (e.topic() != Topic.SLM_METRICS || !e.json().contains("\"model_id\":\"" + model + "\"")) {
                        return e;
                    }
                    ObjectNode event = read(e);
                    Instant ts = Instant.parse(event.path("ts").asText());
                    if (ts.isBefore(from) || !ts.isBefore(until)) {
                        return e;
                    }
                    for (String field : List.of("latency_ms", "ttft_ms", "queue_delay_ms")) {
                        if (event.has(field)) {
                            event.put(
                                    field,
                                    event.get(field)
                                            .decimalValue()
                                            .multiply(factor)
                                            .setScale(1, RoundingMode.HALF_EVEN));
                        }
                    }
                    return new TopicEvent(e.topic(), e.tenant(), write(event));
                })
                .toList();
    }

    /**
     * An error burst for one tenant: during [{@code from}, {@code until}), of its SLM requests that
     * succeeded, those whose event_id falls in the share fail instead, written as the generator writes
     * its own errors (status {@code error}, no {@code ttft_ms}); tokens, GPU time and so cost unchanged.
     */
    public static List<TopicEvent> errorBurst(
            List<TopicEvent> events, String tenant, Instant from, Instant until, double share) {
        return events.stream()
                .map(e -> {
                    if (e.topic() != Topic.SLM_METRICS || !e.tenant().equals(tenant)) {
                        return e;
                    }
                    ObjectNode event = read(e);
                    Instant ts = Instant.parse(event.path("ts").asText());
                    if (ts.isBefore(from)
                            || !ts.isBefore(until)
                            || !event.path("status").asText().equals("ok")
                            || !chosen(event, share)) {
                        return e;
                    }
                    event.put("status", "error");
                    event.remove("ttft_ms");
                    return new TopicEvent(e.topic(), e.tenant(), write(event));
                })
                .toList();
    }

    private static boolean chosen(ObjectNode event, double share) {
        long bits = UUID.fromString(event.path("event_id").asText()).getLeastSignificantBits() & 0xFFFFL;
        return bits < share * 0x10000L;
    }

    private static String write(ObjectNode event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static ObjectNode read(TopicEvent e) {
        try {
            return (ObjectNode) JSON.readTree(e.json());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
