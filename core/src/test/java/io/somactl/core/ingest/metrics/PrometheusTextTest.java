package io.somactl.core.ingest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String HISTOGRAM = "somactl_ingest_batch_duration_seconds";

    @Test
    void everyLineIsValidExpositionFormatAndEveryMetricHasHelpAndType() {
        IngestMetrics metrics = busyMetrics();
        Exposition exposition = Exposition.parse(metrics.prometheusText());

        Map<String, String> expectedTypes = Map.of(
                "somactl_ingest_events_consumed_total",
                "counter",
                "somactl_ingest_events_inserted_total",
                "counter",
                "somactl_ingest_events_dead_lettered_total",
                "counter",
                "somactl_ingest_events_skipped_total",
                "counter",
                HISTOGRAM,
                "histogram",
                "somactl_ingest_consumer_lag",
                "gauge",
                "somactl_ingest_last_insert_timestamp_seconds",
                "gauge",
                "somactl_ingest_failures_total",
                "counter",
                "somactl_ingest_up",
                "gauge");
        expectedTypes.forEach((name, type) -> {
            Exposition.Family family = exposition.family(name);
            assertEquals(type, family.type(), name + " has the wrong TYPE");
            assertNotNull(family.help(), name + " has no HELP");
            assertFalse(family.help().isBlank(), name + " has an empty HELP");
            assertFalse(family.samples().isEmpty(), name + " has no samples");
        });
        exposition
                .families
                .keySet()
                .forEach(name ->
                        assertTrue(name.startsWith("somactl_ingest_"), name + " should be prefixed somactl_ingest_"));
    }

    @Test
    void duplicatesAreCountedPerTopicAndInTheSnapshot() {
        IngestMetrics metrics = new IngestMetrics();
        metrics.duplicates(Topic.SLM_METRICS, 3);
        metrics.duplicates(Topic.SLM_METRICS, 2);
        metrics.duplicates(Topic.TOOL_METRICS, 1);
        Exposition e = Exposition.parse(metrics.prometheusText());
        assertEquals(
                "counter", e.family("somactl_ingest_events_duplicate_total").type());
        assertEquals(
                5,
                e.value(
                        "somactl_ingest_events_duplicate_total",
                        "somactl_ingest_events_duplicate_total",
                        "topic",
                        "slm.metrics"));
        assertEquals(
                1,
                e.value(
                        "somactl_ingest_events_duplicate_total",
                        "somactl_ingest_events_duplicate_total",
                        "topic",
                        "tool.metrics"));
        assertEquals(6, metrics.snapshot().duplicates());
    }

    @Test
    void countersAndGaugesShowWhatTheWorkerReported() {
        Exposition e = Exposition.parse(busyMetrics().prometheusText());
        assertEquals(
                1_000,
                e.value(
                        "somactl_ingest_events_consumed_total",
                        "somactl_ingest_events_consumed_total",
                        "topic",
                        "slm.metrics"));
        assertEquals(
                990,
                e.value(
                        "somactl_ingest_events_inserted_total",
                        "somactl_ingest_events_inserted_total",
                        "topic",
                        "slm.metrics"));
        assertEquals(
                10,
                e.value(
                        "somactl_ingest_events_dead_lettered_total",
                        "somactl_ingest_events_dead_lettered_total",
                        "topic",
                        "slm.metrics"));
        assertEquals(
                7,
                e.value(
                        "somactl_ingest_events_skipped_total",
                        "somactl_ingest_events_skipped_total",
                        "topic",
                        "audio.metrics"));
        assertEquals(
                0,
                e.value(
                        "somactl_ingest_events_duplicate_total",
                        "somactl_ingest_events_duplicate_total",
                        "topic",
                        "audio.metrics"));
        assertEquals(
                53_120, e.value("somactl_ingest_consumer_lag", "somactl_ingest_consumer_lag", "topic", "slm.metrics"));
        assertEquals(
                2,
                e.value(
                        "somactl_ingest_failures_total",
                        "somactl_ingest_failures_total",
                        "kind",
                        "clickhouse_unavailable"));
        assertEquals(1_714_564_800.5, e.value("somactl_ingest_last_insert_timestamp_seconds"));
        assertEquals(1, e.value("somactl_ingest_up"));
    }

    @Test
    void everyTopicIsExportedAsZeroFromTheStartSoRateWorksAtOnce() {
        Exposition e = Exposition.parse(new IngestMetrics().prometheusText());
        for (String counter : List.of(
                "somactl_ingest_events_consumed_total",
                "somactl_ingest_events_inserted_total",
                "somactl_ingest_events_dead_lettered_total",
                "somactl_ingest_events_skipped_total",
                "somactl_ingest_consumer_lag")) {
            for (Topic topic : Topic.values()) {
                assertEquals(
                        0,
                        e.value(counter, counter, "topic", topic.topicName()),
                        counter + " should show topic " + topic.topicName() + " as 0 before any event");
            }
        }
        assertEquals(0, e.value(HISTOGRAM, HISTOGRAM + "_bucket", "le", "+Inf"), "no batch yet");
        assertTrue(
                e.family(HISTOGRAM).samples().stream()
                        .anyMatch(s -> s.name().equals(HISTOGRAM + "_count") && s.number() == 0),
                "the histogram's _count should be there, at 0, before the first batch");
        assertEquals(0, e.value("somactl_ingest_last_insert_timestamp_seconds"), "no insert yet reads 0");
        assertEquals(1, e.value("somactl_ingest_up"));
    }

    @Test
    void histogramBucketsAreCumulativeAndEndWithInfEqualToCount() {
        IngestMetrics metrics = new IngestMetrics();
        long[] millis = {5, 10, 11, 30, 90, 200, 400, 800, 2_000, 4_000, 7_000, 12_000, 60_000};
        for (long ms : millis) {
            metrics.batchCompleted(Duration.ofMillis(ms), 100);
        }
        Exposition.Family histogram = Exposition.parse(metrics.prometheusText()).family(HISTOGRAM);

        List<Exposition.Sample> buckets = histogram.samples().stream()
                .filter(s -> s.name().equals(HISTOGRAM + "_bucket"))
                .toList();
        assertEquals(
                List.of("0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"),
                buckets.stream().map(b -> b.labels().get("le")).toList(),
                "the bucket bounds, in order");
        double previousLe = Double.NEGATIVE_INFINITY;
        double previousCount = 0;
        for (Exposition.Sample bucket : buckets) {
            double le = "+Inf".equals(bucket.labels().get("le"))
                    ? Double.POSITIVE_INFINITY
                    : Double.parseDouble(bucket.labels().get("le"));
            assertTrue(le > previousLe, "bucket bounds should increase");
            assertTrue(bucket.number() >= previousCount, "buckets should be cumulative, but le=" + le + " went down");
            previousLe = le;
            previousCount = bucket.number();
        }
        // le is "less than or equal": 5 ms and exactly 10 ms fall in le=0.01.
        assertEquals(2, buckets.get(0).number(), "batches of at most 0.01 s");
        assertEquals(9, buckets.get(7).number(), "batches of at most 2.5 s");
        double count = histogram.samples().stream()
                .filter(s -> s.name().equals(HISTOGRAM + "_count"))
                .findFirst()
                .orElseThrow()
                .number();
        double sum = histogram.samples().stream()
                .filter(s -> s.name().equals(HISTOGRAM + "_sum"))
                .findFirst()
                .orElseThrow()
                .number();
        assertEquals(millis.length, count, "_count is the number of batches");
        assertEquals(count, buckets.get(buckets.size() - 1).number(), "le=+Inf should equal _count");
        assertEquals(java.util.Arrays.stream(millis).sum() / 1000.0, sum, 1e-9, "_sum is the total seconds");
    }

    @Test
    void hostileLabelValuesAreEscapedAndReadBackUnchanged() {
        String hostile = "evil\"} 1\nsomactl_ingest_up 0\n# TYPE x counter\\";
        IngestMetrics metrics = new IngestMetrics();
        metrics.failure(hostile);
        metrics.lag(Map.of(hostile, 42L));
        String text = metrics.prometheusText();

        assertTrue(
                text.contains("kind=\"evil\\\"} 1\\nsomactl_ingest_up 0\\n# TYPE x counter\\\\\"} 1\n"),
                "the backslash, quote and newlines should be escaped as \\\\, \\\" and \\n, got:\n" + text);
        Exposition e = Exposition.parse(text); // one injected line would fail here
        assertEquals(1, e.value("somactl_ingest_failures_total", "somactl_ingest_failures_total", "kind", hostile));
        assertEquals(42, e.value("somactl_ingest_consumer_lag", "somactl_ingest_consumer_lag", "topic", hostile));
        assertEquals(1, e.value("somactl_ingest_up"), "an injected `up 0` must not appear as a sample");
        assertEquals(1, e.family("somactl_ingest_up").samples().size());
    }

    @Test
    void upIsZeroWhileUnhealthy() {
        IngestMetrics metrics = new IngestMetrics();
        metrics.setHealthy(false, "redis unavailable");
        assertEquals(0, Exposition.parse(metrics.prometheusText()).value("somactl_ingest_up"));
    }

    @Test
    void scrapesWhileTheWorkerWritesAreAlwaysValidAndConsistent() throws Exception {
        IngestMetrics metrics = new IngestMetrics();
        AtomicBoolean stop = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            long i = 0;
            while (!stop.get()) {
                metrics.consumed(Topic.TOOL_METRICS, 10);
                metrics.batchCompleted(Duration.ofMillis(i++ % 3_000), 10);
                metrics.lag(Map.of("tool.metrics", i));
            }
        });
        worker.start();
        try {
            for (int scrape = 0; scrape < 300; scrape++) {
                Exposition.Family histogram =
                        Exposition.parse(metrics.prometheusText()).family(HISTOGRAM);
                double inf = histogram.samples().stream()
                        .filter(s -> "+Inf".equals(s.labels().get("le")))
                        .findFirst()
                        .orElseThrow()
                        .number();
                double count = histogram.samples().stream()
                        .filter(s -> s.name().equals(HISTOGRAM + "_count"))
                        .findFirst()
                        .orElseThrow()
                        .number();
                assertEquals(inf, count, "le=+Inf and _count disagreed in scrape " + scrape);
            }
        } finally {
            stop.set(true);
            worker.join();
        }
    }

    private static IngestMetrics busyMetrics() {
        IngestMetrics metrics = new IngestMetrics();
        metrics.consumed(Topic.SLM_METRICS, 1_000);
        metrics.inserted(Topic.SLM_METRICS, 990);
        metrics.deadLettered(Topic.SLM_METRICS, 10);
        metrics.skippedAlreadyStored(Topic.AUDIO_METRICS, 7);
        metrics.batchCompleted(Duration.ofMillis(40), 500);
        metrics.batchCompleted(Duration.ofMillis(1_200), 490);
        metrics.lag(Map.of("slm.metrics", 53_120L));
        metrics.insertSucceeded(Instant.parse("2024-05-01T12:00:00.500Z"));
        metrics.failure("clickhouse_unavailable");
        metrics.failure("clickhouse_unavailable");
        metrics.failure("redis_unavailable");
        return metrics;
    }
}
