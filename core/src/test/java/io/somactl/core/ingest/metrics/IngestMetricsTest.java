package io.somactl.core.ingest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {
    @Test
    void countersAddUpAcrossFourThreadsOfOneHundredThousandIncrements() throws Exception {
        IngestMetrics metrics = new IngestMetrics();
        int threads = 4;
        int increments = 100_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                Topic topic = Topic.values()[t];
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < increments; i++) {
                        metrics.consumed(topic, 1);
                        metrics.consumed(Topic.POLICY_EVENTS, 1);
                        metrics.inserted(topic, 1);
                        metrics.deadLettered(topic, 1);
                        metrics.skippedAlreadyStored(topic, 1);
                        metrics.batchCompleted(Duration.ofMillis(i % 20_000), 2);
                        metrics.failure(IngestMetrics.CLICKHOUSE_UNAVAILABLE);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        IngestMetrics.Snapshot s = metrics.snapshot();
        long all = (long) threads * increments;
        assertEquals(2 * all, s.consumed(), "every consumed event should be counted once, whatever the thread");
        assertEquals(all, s.inserted(), "inserted rows lost across threads");
        assertEquals(all, s.deadLettered(), "dead-lettered events lost across threads");
        assertEquals(all, s.skipped(), "skipped events lost across threads");
        assertEquals(all, s.batches(), "batches lost across threads");
        assertEquals(2 * all, s.batchRows(), "batch rows lost across threads");
        assertEquals(all, s.failures(), "failures lost across threads");
        assertEquals(all, s.failuresByKind().get(IngestMetrics.CLICKHOUSE_UNAVAILABLE));
        assertEquals(
                all,
                s.consumedByTopic().get(Topic.POLICY_EVENTS),
                "all four threads counted into policy.events at once; none of their increments may be lost");
        assertEquals(increments, s.consumedByTopic().get(Topic.SLM_METRICS));
    }

    @Test
    void totalsAreTheSumsOfTheirPerTopicCounts() {
        IngestMetrics metrics = new IngestMetrics();
        metrics.consumed(Topic.SLM_METRICS, 500);
        metrics.consumed(Topic.AUDIO_METRICS, 20);
        metrics.inserted(Topic.SLM_METRICS, 490);
        metrics.inserted(Topic.AUDIO_METRICS, 18);
        metrics.deadLettered(Topic.AUDIO_METRICS, 2);
        metrics.skippedAlreadyStored(Topic.SLM_METRICS, 10);

        IngestMetrics.Snapshot s = metrics.snapshot();
        assertEquals(520, s.consumed());
        assertEquals(
                s.consumedByTopic().values().stream().mapToLong(Long::longValue).sum(), s.consumed());
        assertEquals(508, s.inserted());
        assertEquals(2, s.deadLettered());
        assertEquals(10, s.skipped());
        assertEquals(
                s.consumed(),
                s.inserted() + s.deadLettered() + s.skipped(),
                "every consumed event is inserted, dead-lettered or skipped");
        assertEquals(Topic.values().length, s.insertedByTopic().size(), "every topic is in the snapshot, 0 or not");
        assertEquals(0L, s.insertedByTopic().get(Topic.TOOL_METRICS));
    }

    @Test
    void aNewWorkerIsHealthyWithNothingCountedAndNoInsertYet() {
        IngestMetrics.Snapshot s = new IngestMetrics().snapshot();
        assertEquals(0, s.consumed());
        assertEquals(0, s.failures());
        assertEquals(0, s.totalLag());
        assertEquals(Optional.empty(), s.lastInsert());
        assertTrue(s.healthy(), "a worker that has not failed yet should read as healthy");
    }

    @Test
    void lagIsTheLastMeasurementAndEverySixTopicsAppear() {
        IngestMetrics metrics = new IngestMetrics();
        metrics.lag(Map.of("slm.metrics", 50_000L, "tool.metrics", 3_120L));
        assertEquals(53_120, metrics.totalLag());
        metrics.lag(Map.of("slm.metrics", 100L, "audio.metrics", -5L));
        assertEquals(100, metrics.totalLag(), "a new measurement replaces the old one; negative lag counts as 0");

        Map<String, Long> lag = metrics.snapshot().lagByTopic();
        assertEquals(Topic.values().length, lag.size());
        assertEquals(0L, lag.get("tool.metrics"), "a topic absent from the last measurement reads 0");
        assertEquals(0L, lag.get("audio.metrics"));
    }

    @Test
    void lastInsertKeepsTheLatestTime() {
        IngestMetrics metrics = new IngestMetrics();
        Instant t = Instant.parse("2024-05-01T12:00:00.250Z");
        metrics.insertSucceeded(t);
        metrics.insertSucceeded(t.minusSeconds(5));
        assertEquals(
                Optional.of(t), metrics.snapshot().lastInsert(), "an older time reported late must not move it back");
    }

    @Test
    void healthCarriesItsReason() {
        IngestMetrics metrics = new IngestMetrics();
        metrics.setHealthy(false, "ClickHouse at http://127.0.0.1:18123 did not answer for 60s");
        assertFalse(metrics.healthy());
        assertEquals(
                "ClickHouse at http://127.0.0.1:18123 did not answer for 60s",
                metrics.snapshot().healthReason());
        metrics.setHealthy(true, "");
        assertTrue(metrics.healthy());
    }

    @Test
    void tooManyFailureKindsCountUnderOther() {
        IngestMetrics metrics = new IngestMetrics();
        for (int i = 0; i < IngestMetrics.MAX_FAILURE_KINDS + 10; i++) {
            metrics.failure("kind_" + i);
        }
        IngestMetrics.Snapshot s = metrics.snapshot();
        assertEquals(IngestMetrics.MAX_FAILURE_KINDS + 10, s.failures(), "no failure is lost, however many kinds");
        assertTrue(
                s.failuresByKind().size() <= IngestMetrics.MAX_FAILURE_KINDS + 1,
                "the number of failure series should stay bounded, was "
                        + s.failuresByKind().size());
        assertTrue(s.failuresByKind().get(IngestMetrics.OTHER_KIND) > 0);
    }

    @Test
    void negativeCountsAreRefused() {
        IngestMetrics metrics = new IngestMetrics();
        assertThrows(IllegalArgumentException.class, () -> metrics.consumed(Topic.SLM_METRICS, -1));
        assertThrows(IllegalArgumentException.class, () -> metrics.batchCompleted(Duration.ofMillis(-1), 1));
        assertThrows(IllegalArgumentException.class, () -> metrics.batchCompleted(Duration.ofMillis(1), -1));
        assertEquals(0, metrics.snapshot().consumed());
    }

    @Test
    void snapshotMapsCannotBeChanged() {
        IngestMetrics.Snapshot s = new IngestMetrics().snapshot();
        assertThrows(
                UnsupportedOperationException.class, () -> s.consumedByTopic().put(Topic.SLM_METRICS, 1L));
        assertThrows(UnsupportedOperationException.class, () -> s.lagByTopic().clear());
        assertThrows(
                UnsupportedOperationException.class, () -> s.failuresByKind().put("x", 1L));
    }
}
