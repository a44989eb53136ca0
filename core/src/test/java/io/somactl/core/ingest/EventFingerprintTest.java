package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.CompiledEventSchema;
import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.testing.IngestFixture;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventFingerprintTest {
    private static final String EVENT =
            "{\"event_id\":\"a203d85a-61e2-4b59-81ee-c9b803f34959\",\"ts\":\"2023-11-16T18:15:56.786Z\",\"tenant\":\"globex.eu\",\"schema_version\":1,\"model_id\":\"gpt-4o-mini-2024-07-18\",\"persona\":\"sales-agent\",\"role\":\"summarizer\",\"deployment_mode\":\"hosted\",\"session_id\":\"sess_01HF8Z5QWERTY12345\",\"request_id\":\"req_01HF8Z5QASDFG67890\",\"status\":\"aborted\",\"input_tokens\":2221,\"output_tokens\":15,\"latency_ms\":402.9}";

    @Test
    void theSameValuesWrittenAnotherWayHaveTheSameFingerprint() {
        long fingerprint = of(Topic.SLM_METRICS, EVENT);
        String reordered = "{ \"latency_ms\" : 402.90, \"output_tokens\":15,\"input_tokens\":2221,"
                + EVENT.substring(1, EVENT.indexOf(",\"input_tokens\"")) + "}";
        assertEquals(
                fingerprint,
                of(Topic.SLM_METRICS, reordered),
                "key order, spaces and 402.90 for 402.9 are the same event");
    }

    @Test
    void otherTokensAnotherTimeOrAnOptionalFieldMoreGiveAnotherFingerprint() {
        long fingerprint = of(Topic.SLM_METRICS, EVENT);
        assertNotEquals(
                fingerprint, of(Topic.SLM_METRICS, EVENT.replace("\"input_tokens\":2221", "\"input_tokens\":2222")));
        assertNotEquals(fingerprint, of(Topic.SLM_METRICS, EVENT.replace("18:15:56.786Z", "18:15:56.787Z")));
        assertNotEquals(fingerprint, of(Topic.SLM_METRICS, EVENT.replace("}", ",\"reasoning_tokens\":0}")));
        assertNotEquals(
                fingerprint,
                of(Topic.SLM_METRICS, EVENT.replace("sess_01HF8Z5QWERTY12345", "sess_01HF8Z5QWERTY12346")));
    }

    @Test
    void theTracesEventsHaveDistinctFingerprintsThatAreNeverZeroOrNegative() {
        List<TopicEvent> events = IngestFixture.trace(5_000);
        Set<Long> seen = new HashSet<>();
        for (TopicEvent event : events) {
            long fingerprint = of(event.topic(), event.json());
            assertTrue(
                    fingerprint > 0, "a fingerprint must fit UInt64 as a positive long and never be 0: " + fingerprint);
            seen.add(fingerprint);
        }
        assertEquals(events.size(), seen.size(), "two different events of the trace share a fingerprint");
    }

    private static long of(Topic topic, String json) {
        CompiledEventSchema schema = CompiledEventSchema.bundled(topic);
        EventDecoder decoder = new EventDecoder(topic, schema, 1 << 20);
        ReadEvent event = decoder.newEvent();
        assertNull(decoder.decode(json.getBytes(StandardCharsets.UTF_8), event), "the test event should be valid");
        return new EventFingerprint(schema).of(event.fields);
    }
}
