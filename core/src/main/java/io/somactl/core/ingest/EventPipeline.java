package io.somactl.core.ingest;

import io.somactl.core.events.EventFields;
import io.somactl.core.events.Topic;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.UnpricedEventException;
import io.somactl.core.usage.UsageDelta;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The per-event step of ingest, shared by {@code ingest} and {@code replay}: an event's bytes and
 * its provenance in, its priced row (appended to a batch part, with its usage and identity) or the
 * reason it cannot be stored out. Nothing here knows about polls, commits or rebalances.
 *
 * <p><b>Provenance.</b> An event is identified by {@code (topic, partition, offset)} of the Kafka
 * record it was first written to: for a record read from a telemetry topic, that record; for a
 * dead letter, the source its {@code somactl.source.*} headers name. Rows carry it in {@code _topic,
 * _partition, _offset}, so a second pass over the same events finds them stored (the stored-offsets
 * check) and the {@code (tenant, event_id)} check of {@link EventIdGuard} catches the same event
 * arriving from anywhere else. Either makes a repeated replay a no-op.
 *
 * <p>Used by one thread at a time: it reuses one event holder per topic, so an event makes no
 * objects beyond its priced values.
 */
final class EventPipeline {
    /** The last offset of a tenant's partition already counted in Redis. */
    @FunctionalInterface
    interface CountedOffsets {
        long lastCounted(String tenant, String partitionField);
    }

    private final Map<String, TopicPipeline> pipelines = new HashMap<>(); // by Kafka topic name
    private final TopicNames names;
    private final CountedOffsets counted;

    /**
     * {@code counted}: what Redis already counted, for ingest, which counts an event's usage when its
     * offset is past the watermark whether or not ClickHouse already holds its row (a crash between
     * the two). Null for a replay, which counts exactly the rows it adds.
     */
    EventPipeline(
            Map<String, Topic> topicsByName,
            TopicNames names,
            Pricer pricer,
            int maxEventBytes,
            CountedOffsets counted) {
        topicsByName.forEach((name, topic) -> pipelines.put(name, new TopicPipeline(topic, pricer, maxEventBytes)));
        this.names = names;
        this.counted = counted;
    }

    /** Encodes rows for these tables (as ClickHouse described them) from now on. */
    void useTables(Map<Topic, TableLayout> tables) {
        pipelines.values().forEach(pipeline -> pipeline.useTable(tables.get(pipeline.topic)));
    }

    io.somactl.core.clickhouse.block.NativeBlock newBlock(Topic topic) {
        return pipelines.get(names.of(topic)).encoder().newBlock();
    }

    /** The pipeline of a Kafka topic's events, or null for a topic this pipeline does not take. */
    TopicPipeline of(String kafkaTopic) {
        return pipelines.get(kafkaTopic);
    }

    /**
     * Reads, validates and prices one event, and unless {@code alreadyStored} appends its row to
     * {@code part}; returns null when done, else the reason it cannot be stored (nothing was added).
     *
     * @param provenanceTopic   the Kafka topic it was first written to (its row's {@code _topic})
     * @param provenancePartition its partition there
     * @param provenanceOffset  its offset there
     * @param record            what a dead letter of it sends (the record it was read from)
     * @param usageField        the Redis watermark field of its provenance partition
     */
    String process(
            BatchPart part,
            TopicPipeline pipeline,
            ByteBuffer value,
            String provenanceTopic,
            int provenancePartition,
            long provenanceOffset,
            ConsumerRecord<byte[], ByteBuffer> record,
            boolean alreadyStored,
            String usageField,
            long ingestedAt) {
        Topic topic = pipeline.topic;
        ReadEvent event = pipeline.event;
        String rejection = pipeline.decoder.decode(value, event);
        if (rejection != null) {
            return rejection;
        }
        PricedEvent priced;
        try {
            priced = pipeline.pricing.price(event.fields, event.tsMillis);
        } catch (UnpricedEventException e) {
            return "cannot price: " + e.getMessage();
        } catch (RuntimeException e) {
            return "cannot process: " + IngestWorker.describe(e);
        }
        long fingerprint = 0;
        if (alreadyStored) {
            part.skipped(topic);
        } else {
            try {
                fingerprint = pipeline.fingerprint.of(event.fields);
                pipeline.encoder()
                        .append(
                                part.rowsOf(topic),
                                event.fields,
                                event.tsMillis,
                                priced,
                                provenanceTopic,
                                provenancePartition,
                                provenanceOffset,
                                ingestedAt,
                                fingerprint);
            } catch (RuntimeException e) {
                return "cannot store: " + IngestWorker.describe(e);
            }
            part.rowAdded(topic);
        }
        UsageDelta counts = null;
        if (priced.usage() != null
                && (counted == null
                        ? !alreadyStored
                        : provenanceOffset > counted.lastCounted(priced.usage().tenant(), usageField))) {
            counts = priced.usage();
            part.usage(counts, usageField, provenanceOffset);
            part.spent(counts, pipeline.pricing.model(event.fields));
        }
        if (fingerprint != 0) {
            addId(
                    part.idsOf(topic),
                    pipeline,
                    provenanceTopic,
                    provenancePartition,
                    provenanceOffset,
                    record,
                    fingerprint,
                    counts);
        }
        return null;
    }

    /**
     * Prices the event {@code pipeline} decoded last, without storing anything (for an archive's
     * manifest); null when it cannot be priced.
     */
    static PricedEvent priceDecoded(TopicPipeline pipeline) {
        try {
            return pipeline.pricing.price(pipeline.event.fields, pipeline.event.tsMillis);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Notes the identity of the row just encoded, for {@link EventIdGuard}. */
    private static void addId(
            EventIds ids,
            TopicPipeline pipeline,
            String provenanceTopic,
            int partition,
            long offset,
            ConsumerRecord<byte[], ByteBuffer> record,
            long fingerprint,
            UsageDelta counted) {
        EventFields fields = pipeline.event.fields;
        String tenant = counted != null ? counted.tenant() : fields.text(pipeline.tenantField);
        byte[] ascii = fields.asciiSource(pipeline.idField);
        long high;
        long low;
        if (ascii != null) {
            high = EventIds.high(ascii, fields.asciiFrom(pipeline.idField));
            low = EventIds.low(ascii, fields.asciiFrom(pipeline.idField));
        } else {
            UUID id = UUID.fromString(fields.text(pipeline.idField));
            high = id.getMostSignificantBits();
            low = id.getLeastSignificantBits();
        }
        ids.add(
                tenant,
                high,
                low,
                Math.floorDiv(pipeline.event.tsMillis, 1000),
                fingerprint,
                provenanceTopic,
                partition,
                offset,
                record,
                counted);
    }
}
