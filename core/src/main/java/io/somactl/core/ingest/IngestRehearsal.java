package io.somactl.core.ingest;

import io.somactl.core.clickhouse.block.NativeBlock;
import io.somactl.core.events.Topic;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.UnpricedEventException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingest's per-event work (decode, validate, price, encode) on the bundled example events, with no
 * server: the tables are those the bundled migration declares.
 * The build runs it while recording the JVM's ahead-of-time cache, so that a real ingest starts
 * with these classes loaded and linked and their methods profiled.
 */
public final class IngestRehearsal {
    static final String EVENT_TABLES = "somactl/sql/migrations/V001__event_tables.sql";
    private static final List<String> EXAMPLES = List.of("minimal.json", "full.json");

    private IngestRehearsal() {}

    /** Returns how many rows were encoded (each valid, priced example once per round). */
    public static long run(Pricer pricer, int rounds) {
        String ddl = resource(EVENT_TABLES);
        long rows = 0;
        for (Topic topic : Topic.values()) {
            TopicPipeline pipeline = new TopicPipeline(topic, pricer, 1 << 20);
            pipeline.useTable(TableLayout.declaredIn(ddl, topic.table()));
            List<byte[]> examples = examples(topic);
            NativeBlock block = pipeline.encoder().newBlock();
            for (int round = 0; round < rounds; round++) {
                for (byte[] example : examples) {
                    if (pipeline.decoder.decode(example, pipeline.event) != null) {
                        continue;
                    }
                    try {
                        PricedEvent priced = pipeline.pricing.price(pipeline.event.fields, pipeline.event.tsMillis);
                        pipeline.encoder()
                                .append(
                                        block,
                                        pipeline.event.fields,
                                        pipeline.event.tsMillis,
                                        priced,
                                        topic.topicName(),
                                        0,
                                        round,
                                        0,
                                        pipeline.fingerprint.of(pipeline.event.fields));
                        rows++;
                    } catch (UnpricedEventException e) {
                        // an example's model may not be in the catalog: that path is worth rehearsing too
                    }
                }
            }
            block.toByteArray();
        }
        return rows;
    }

    private static List<byte[]> examples(Topic topic) {
        List<byte[]> examples = new ArrayList<>();
        for (String name : EXAMPLES) {
            byte[] example = bytes("somactl/schemas/examples/" + topic.topicName() + "/" + name);
            if (example != null) {
                examples.add(example);
            }
        }
        return examples;
    }

    private static String resource(String name) {
        byte[] bytes = bytes(name);
        if (bytes == null) {
            throw new IllegalStateException(name + " is not on the classpath");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = IngestRehearsal.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
