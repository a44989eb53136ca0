package io.somactl.core.ingest;

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
    final EventFingerprint fingerprint;
    final int tenantField;
    final int idField;
    private final CompiledEventSchema schema;
    private RowEncoder encoder;

    TopicPipeline(Topic topic, Pricer pricer, int maxEventBytes) {
        this.topic = topic;
        this.schema = CompiledEventSchema.bundled(topic);
        this.decoder = new EventDecoder(topic, schema, maxEventBytes);
        this.event = decoder.newEvent();
        this.pricing = new EventPricing(pricer, topic, schema);
        this.fingerprint = new EventFingerprint(schema);
        this.tenantField = schema.field("tenant");
        this.idField = schema.field("event_id");
    }

    /** Encodes rows for this table (as ClickHouse described it) from now on. */
    void useTable(TableLayout layout) {
        if (encoder == null) {
            encoder = new RowEncoder(topic, layout, schema, pricing.costColumns());
        }
    }

    RowEncoder encoder() {
        if (encoder == null) {
            throw new IllegalStateException("the " + topic.table() + " table was not described yet");
        }
        return encoder;
    }
}
