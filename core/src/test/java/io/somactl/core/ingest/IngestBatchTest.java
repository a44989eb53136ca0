package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.somactl.core.clickhouse.block.NativeBlock;
import io.somactl.core.clickhouse.block.NativeColumns;
import io.somactl.core.events.Topic;
import io.somactl.core.usage.TenantUsageBatch;
import io.somactl.core.usage.UsageDelta;
import io.somactl.core.usage.UsageKeys;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class IngestBatchTest {
    private static final TopicPartition P0 = new TopicPartition("slm.metrics", 0);
    private static final TopicPartition P1 = new TopicPartition("slm.metrics", 1);
    private static final Instant NOON = Instant.parse("2023-11-16T12:00:00Z");

    @Test
    void twoLanesSharingPartitionsCommitTheHighestOffsetEitherRead() {
        IngestBatch batch = newBatch();
        batch.part(0).consumed(Topic.SLM_METRICS, P0, 10);
        batch.part(0).consumed(Topic.SLM_METRICS, P0, 11);
        batch.part(1).consumed(Topic.SLM_METRICS, P0, 12);
        batch.part(1).consumed(Topic.SLM_METRICS, P0, 13);
        batch.part(1).consumed(Topic.SLM_METRICS, P1, 5);
        assertEquals(Map.of(P0, new OffsetAndMetadata(14), P1, new OffsetAndMetadata(6)), batch.nextOffsets());
        assertEquals(5, batch.records());
        assertEquals(5, batch.count(Topic.SLM_METRICS, 0));
    }

    @Test
    void aTenantCountedByTwoLanesIsAppliedToRedisOnce() {
        IngestBatch batch = newBatch();
        batch.part(0).usage(usage("acme", 100), "slm.metrics:0", 10);
        batch.part(1).usage(usage("acme", 50), "slm.metrics:0", 12);
        batch.part(1).usage(usage("hooli", 7), "slm.metrics:1", 5);
        List<TenantUsageBatch> usage = batch.usage();
        assertEquals(
                List.of("acme", "hooli"),
                usage.stream().map(TenantUsageBatch::tenant).toList(),
                "one entry per tenant, whichever lanes counted it");
        TenantUsageBatch acme = usage.get(0);
        assertEquals(10, acme.offsetRanges().get("slm.metrics:0")[0]);
        assertEquals(12, acme.offsetRanges().get("slm.metrics:0")[1]);
        long tokens = acme.sums().values().iterator().next().inputTokens();
        assertEquals(150, tokens, "acme's usage from both lanes adds up");
    }

    @Test
    void theSessionSinkIsToldEachSourcePartitionFromItsWatermarkToTheLastOffsetReadAndEveryRowsProvenance() {
        IngestBatch batch = newBatch();
        batch.part(0).consumed(Topic.SLM_METRICS, P0, 10);
        batch.part(1).consumed(Topic.SLM_METRICS, P0, 13);
        batch.part(1).consumed(Topic.SLM_METRICS, P1, 5);
        // a replayed dead letter: read from the dead-letter topic, its row's provenance is the source record
        batch.part(0).idsOf(Topic.SLM_METRICS).add("acme", 1, 2, 0, 0, "slm.metrics", 1, 2, null, null);
        Map<String, Map<Integer, long[]>> ranges = batch.sourceRanges();
        assertEquals(SessionSink.FROM_WATERMARK, ranges.get("slm.metrics").get(0)[0]);
        assertEquals(13, ranges.get("slm.metrics").get(0)[1]);
        assertEquals(
                2, ranges.get("slm.metrics").get(1)[0], "a row below the watermark is covered from its own offset");
        assertEquals(5, ranges.get("slm.metrics").get(1)[1]);
    }

    private static IngestBatch newBatch() {
        return new IngestBatch(
                new UsageKeys("t"), 2, (lane, topic) -> new NativeBlock(List.of(NativeColumns.of("x", "UInt8"))));
    }

    private static UsageDelta usage(String tenant, long inputTokens) {
        return new UsageDelta(tenant, "support", NOON, inputTokens, 0, inputTokens, BigDecimal.ONE, 0);
    }
}
