package io.somactl.core.ingest;

import io.somactl.core.events.Topic;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.UnpricedEventException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingest's per-event work (decode, validate, price) on the bundled example events, with no server.
 * The build runs it while recording the JVM's ahead-of-time cache, so that a real ingest starts
 * with these classes loaded and linked and their methods profiled.
 */
public final class IngestRehearsal {
    private static final List<String> EXAMPLES = List.of("minimal.json", "full.json");

    private IngestRehearsal() {
    }

    /** Returns how many events were read as valid (each example counts once per round). */
    public static long run(Pricer pricer, int rounds) {
        long valid = 0;
        for (Topic topic : Topic.values()) {
            TopicPipeline pipeline = new TopicPipeline(topic, pricer, 1 << 20);
            List<byte[]> examples = examples(topic);
            for (int round = 0; round < rounds; round++) {
                for (byte[] example : examples) {
                    if (pipeline.decoder.decode(example, pipeline.event) == null) {
                        valid++;
                        try {
                            pipeline.pricing.price(pipeline.event.fields, pipeline.event.ts());
                        } catch (UnpricedEventException e) {
                            // an example's model may not be in the catalog: that path is worth rehearsing too
                        }
                    }
                }
            }
        }
        return valid;
    }

    private static List<byte[]> examples(Topic topic) {
        List<byte[]> examples = new ArrayList<>();
        for (String name : EXAMPLES) {
            String resource = "somactl/schemas/examples/" + topic.topicName() + "/" + name;
            try (InputStream in = IngestRehearsal.class.getClassLoader().getResourceAsStream(resource)) {
                if (in != null) {
                    examples.add(in.readAllBytes());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return examples;
    }
}
