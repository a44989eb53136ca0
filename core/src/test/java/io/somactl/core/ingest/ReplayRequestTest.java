package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.kafka.TopicNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a replay accepts, and how its report groups reasons. */
class ReplayRequestTest {
    private static Replay.Request request(
            List<Topic> topics, Map<Integer, long[]> offsets, Instant from, Instant to, int rate) {
        return new Replay.Request(
                topics,
                new TopicNames(""),
                false,
                offsets,
                from,
                to,
                "r",
                "g",
                false,
                rate,
                1000,
                1 << 20,
                Duration.ofDays(7));
    }

    @Test
    void offsetsNeedExactlyOneTopicAndNoTimes() {
        Map<Integer, long[]> offsets = Map.of(0, new long[] {1, 5});
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> request(List.of(Topic.values()), offsets, null, null, 0))
                .getMessage()
                .contains("exactly one --topic"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> request(List.of(Topic.SLM_METRICS), offsets, Instant.EPOCH, null, 0))
                .getMessage()
                .contains("not both"));
        request(List.of(Topic.SLM_METRICS), offsets, null, null, 0);
    }

    @Test
    void aTimeRangeMustRunForwardAndTheRateMustNotBeNegative() {
        Instant t = Instant.parse("2023-11-16T00:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> request(List.of(Topic.values()), Map.of(), t, t, 0));
        assertThrows(IllegalArgumentException.class, () -> request(List.of(Topic.values()), Map.of(), null, null, -1));
    }

    @Test
    void reasonsAreGroupedUpToTheirFirstDetail() {
        assertEquals(
                "cannot price",
                Replay.reasonClass("cannot price: no price for model soma-slm-8b at 2023-11-16T00:00:00Z"));
        assertEquals("not JSON", Replay.reasonClass("not JSON: unexpected end of input at offset 42"));
        assertEquals("(no reason)", Replay.reasonClass(null));
        assertEquals(
                101,
                Replay.reasonClass("x".repeat(300)).length(),
                "a long reason is cut to 100 characters and an ellipsis");
    }
}
