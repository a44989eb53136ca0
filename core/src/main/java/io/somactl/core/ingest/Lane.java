package io.somactl.core.ingest;

import io.somactl.core.clickhouse.block.NativeBlock;
import io.somactl.core.events.Topic;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.usage.UsageKeys;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One lane of the Kafka worker: feeds its share of a poll's records, each with its own record as
 * provenance, through the {@link EventPipeline} into its part of the batch, and sends what the
 * pipeline refuses to the dead letters with the reason. Used by one thread at a time.
 */
final class Lane {
    private final EventPipeline events;
    private final TopicNames names;
    private final DeadLetterSink deadLetters;

    Lane(
            Map<String, Topic> topicsByName,
            TopicNames names,
            Pricer pricer,
            int maxEventBytes,
            DeadLetterSink deadLetters,
            EventPipeline.CountedOffsets counted) {
        this.events = new EventPipeline(topicsByName, names, pricer, maxEventBytes, counted);
        this.names = names;
        this.deadLetters = deadLetters;
    }

    /** Encodes rows for these tables (as ClickHouse described them) from now on. */
    void useTables(Map<Topic, TableLayout> tables) {
        events.useTables(tables);
    }

    NativeBlock newBlock(Topic topic) {
        return events.newBlock(topic);
    }

    /** Takes records (in offset order) of one partition; {@code stored} are the offsets ClickHouse holds. */
    void take(
            BatchPart part,
            TopicPartition partition,
            List<ConsumerRecord<byte[], ByteBuffer>> records,
            OffsetSet stored,
            long ingestedAt) {
        TopicPipeline pipeline = events.of(partition.topic());
        Topic topic = pipeline.topic;
        String usageField = UsageKeys.partitionField(partition.topic(), partition.partition());
        for (ConsumerRecord<byte[], ByteBuffer> record : records) {
            part.consumed(topic, partition, record.offset());
            String reason = events.process(
                    part,
                    pipeline,
                    record.value(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record,
                    stored.contains(record.offset()),
                    usageField,
                    ingestedAt);
            if (reason != null) {
                deadLetters.send(names.deadLetterOf(topic), record, reason);
                part.deadLettered(topic);
                part.deadLetterReason(topic, reason);
            }
        }
    }
}
