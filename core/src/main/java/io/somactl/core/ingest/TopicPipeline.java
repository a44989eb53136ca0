package io.somactl.core.ingest;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.events.CompiledEventSchema;
import io.somactl.core.events.Topic;
import io.somactl.core.pricing.Pricer;

/**
 * What ingest does to an event of one topic: decode and validate it, price it, and encode its row
 * for the topic's table. Used by the poll thread only (it reuses one event holder).
 */
final class TopicPipeline {
    final Topic topic;
    final EventDecoder decoder;
    final ReadEvent event;
    final EventPricing pricing;
    private final CompiledEventSchema schema;
    private RowEncoder encoder;

    TopicPipeline(Topic topic, Pricer pricer, int maxEventBytes) {
        this.topic = topic;
        this.schema = CompiledEventSchema.bundled(topic);
        this.decoder = new EventDecoder(topic, schema, maxEventBytes);
        this.event = decoder.newEvent();
        this.pricing = new EventPricing(pricer, topic, schema);
    }

    /** Reads the table's columns from ClickHouse, once: rows can be encoded from then on. */
    void describeTable(ClickHouse clickHouse) {
        if (encoder == null) {
            encoder = new RowEncoder(topic, TableLayout.describe(clickHouse, topic.table()), schema, pricing.costColumns());
        }
    }

    RowEncoder encoder() {
        if (encoder == null) {
            throw new IllegalStateException("the " + topic.table() + " table was not described yet");
        }
        return encoder;
    }
}
