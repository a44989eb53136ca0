package io.somactl.core.ingest;

import io.somactl.core.clickhouse.block.NativeBlock;
import io.somactl.core.events.Topic;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.UnpricedEventException;
import io.somactl.core.events.EventFields;
import io.somactl.core.usage.UsageDelta;
import io.somactl.core.usage.UsageKeys;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One lane of ingest: turns its share of a poll's records into its part of the batch. Each record
 * is decoded and validated, priced, and its row encoded (unless ClickHouse already holds it); its
 * usage is counted unless Redis already has; anything it cannot take goes to the dead letters
 * with the reason. Used by one thread at a time.
 */
final class Lane {
    /** The last offset of a tenant's partition already counted in Redis. */
    @FunctionalInterface
    interface CountedOffsets {
        long lastCounted(String tenant, String partitionField);
    }

    private final Map<String, TopicPipeline> pipelines = new HashMap<>(); // by Kafka topic name
    private final TopicNames names;
    private final DeadLetters deadLetters;
    private final CountedOffsets counted;

    Lane(Map<String, Topic> topicsByName, TopicNames names, Pricer pricer, int maxEventBytes, DeadLetters deadLetters,
         CountedOffsets counted) {
        topicsByName.forEach((name, topic) -> pipelines.put(name, new TopicPipeline(topic, pricer, maxEventBytes)));
        this.names = names;
        this.deadLetters = deadLetters;
        this.counted = counted;
    }

    /** Encodes rows for these tables (as ClickHouse described them) from now on. */
    void useTables(Map<Topic, TableLayout> tables) {
        pipelines.values().forEach(pipeline -> pipeline.useTable(tables.get(pipeline.topic)));
    }

    NativeBlock newBlock(Topic topic) {
        return pipelines.get(names.of(topic)).encoder().newBlock();
    }

    /** Takes records (in offset order) of one partition; {@code stored} are the offsets ClickHouse holds. */
    void take(BatchPart part, TopicPartition partition, List<ConsumerRecord<byte[], ByteBuffer>> records, OffsetSet stored,
              long ingestedAt) {
        TopicPipeline pipeline = pipelines.get(partition.topic());
        String usageField = UsageKeys.partitionField(partition.topic(), partition.partition());
        for (ConsumerRecord<byte[], ByteBuffer> record : records) {
            take(part, pipeline, partition, usageField, stored, record, ingestedAt);
        }
    }

    private void take(BatchPart part, TopicPipeline pipeline, TopicPartition partition, String usageField,
                      OffsetSet stored, ConsumerRecord<byte[], ByteBuffer> record, long ingestedAt) {
        Topic topic = pipeline.topic;
        part.consumed(topic, partition, record.offset());
        ReadEvent event = pipeline.event;
        String rejection = pipeline.decoder.decode(record.value(), event);
        if (rejection != null) {
            deadLetter(part, topic, record, rejection);
            return;
        }
        PricedEvent priced;
        try {
            priced = pipeline.pricing.price(event.fields, event.ts());
        } catch (UnpricedEventException e) {
            deadLetter(part, topic, record, "cannot price: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            deadLetter(part, topic, record, "cannot process: " + IngestWorker.describe(e));
            return;
        }
        long fingerprint = 0;
        if (stored.contains(record.offset())) {
            part.skipped(topic);
        } else {
            try {
                fingerprint = pipeline.fingerprint.of(event.fields);
                pipeline.encoder().append(part.rowsOf(topic), event.fields, event.tsMillis, priced, record.topic(),
                        record.partition(), record.offset(), ingestedAt, fingerprint);
            } catch (RuntimeException e) {
                deadLetter(part, topic, record, "cannot store: " + IngestWorker.describe(e));
                return;
            }
            part.rowAdded(topic);
        }
        UsageDelta counts = null;
        if (priced.usage() != null && record.offset() > counted.lastCounted(priced.usage().tenant(), usageField)) {
            counts = priced.usage();
            part.usage(counts, usageField, record.offset());
            part.spent(counts, pipeline.pricing.model(event.fields));
        }
        if (fingerprint != 0) {
            addId(part.idsOf(topic), pipeline, record, fingerprint, counts);
        }
    }

    /** Notes the identity of the row just encoded, for {@link EventIdGuard}. */
    private static void addId(EventIds ids, TopicPipeline pipeline, ConsumerRecord<byte[], ByteBuffer> record,
                              long fingerprint, UsageDelta counted) {
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
        ids.add(tenant, high, low, Math.floorDiv(pipeline.event.tsMillis, 1000), fingerprint, record, counted);
    }

    private void deadLetter(BatchPart part, Topic topic, ConsumerRecord<byte[], ByteBuffer> record, String reason) {
        deadLetters.send(names.deadLetterOf(topic), record, reason);
        part.deadLettered(topic);
        part.deadLetterReason(topic, reason);
    }
}
