package io.somactl.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sanity figure, not a benchmark and not an assertion on time: ns per event of the compiled one-pass
 * read against readTree plus networknt (what ingest and emit did), on the real-event corpus, printed.
 */
class CompiledEventSchemaSpeedFigure {

    private static final ObjectMapper TREE = new ObjectMapper();
    private static final int ROUNDS = 3;

    @Test
    void printsNanosecondsPerEventOfBothWays() throws Exception {
        List<Topic> topics = new ArrayList<>();
        List<byte[]> events = new ArrayList<>();
        EventCorpus.perTopic()
                .forEach((topic, list) -> list.forEach(json -> {
                    topics.add(topic);
                    events.add(json.getBytes(StandardCharsets.UTF_8));
                }));
        NetworkntReferenceValidator reference = NetworkntReferenceValidator.loadBundled();
        java.util.Map<Topic, EventFields> holders = new java.util.EnumMap<>(Topic.class);
        for (Topic topic : Topic.values()) {
            holders.put(topic, CompiledEventSchema.bundled(topic).newFields());
        }

        long compiledNanos = Long.MAX_VALUE;
        long referenceNanos = Long.MAX_VALUE;
        int invalid = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                byte[] event = events.get(i);
                Topic topic = topics.get(i);
                invalid += CompiledEventSchema.bundled(topic)
                        .read(event, 0, event.length, holders.get(topic))
                        .size();
            }
            compiledNanos = Math.min(compiledNanos, System.nanoTime() - start);

            start = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                JsonNode tree = TREE.readTree(events.get(i));
                invalid += reference.validate(topics.get(i), tree).size();
            }
            referenceNanos = Math.min(referenceNanos, System.nanoTime() - start);
        }

        assertEquals(0, invalid, "the corpus is made of valid events");
        System.out.printf(
                "CompiledEventSchema.read: %d ns/event; readTree + networknt: %d ns/event (%.1fx) over %d events%n",
                compiledNanos / events.size(),
                referenceNanos / events.size(),
                (double) referenceNanos / compiledNanos,
                events.size());
    }
}
