package io.somactl.core.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.ingest.IngestRun;
import io.somactl.core.report.TimeRange;
import io.somactl.core.testing.IngestFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * aggregate's latency p50/p95/p99 against the true percentiles of the latencies the test itself
 * produced (SLM events generated from the real trace, fixed seed), read back through the real
 * rollups: the materialized view's {@code quantilesTDigestState} per hour and batch, merged by
 * {@code quantilesTDigestMerge} at query time.
 *
 * <p>What ClickHouse's t-digest promises (QuantileTDigest.h, epsilon 0.01): two neighbouring centroids
 * merge only while their joint weight is at most {@code 4·N·q(1−q)·0.01}, i.e. 1% of the points at the
 * median and less toward the tails. Hence:
 * <ul>
 *   <li>a group of fewer than 200 latencies never merges (two points weigh 2 &gt; 0.04·N·¼): every
 *       latency stays a centroid at rank {@code i − ½}, and the level-q quantile is the straight line
 *       between the two latencies around rank {@code q·N}. 18.16 computes it in Float32, so the test
 *       allows a relative 1e-6; on any version the answer lies between those two latencies;
 *   <li>in a larger group a centroid holds at most 1% of the points, so the reported value's rank is
 *       within 1% of q.
 * </ul>
 */
@Tag("stack")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregatePercentilesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TimeRange DAY =
            TimeRange.of(Instant.parse("2023-11-16T00:00:00Z"), Instant.parse("2023-11-17T00:00:00Z"));
    private static final double[] LEVELS = {0.5, 0.95, 0.99};

    /** Latencies of the produced SLM events by tenant, persona, model, role, deployment mode (in that order). */
    private final Map<List<String>, List<Double>> latencies = new HashMap<>();

    private Rollups rollups;

    @BeforeAll
    void ingest() throws Exception {
        IngestFixture fixture = new IngestFixture("percentiles");
        List<TopicEvent> events = IngestFixture.trace(6_000);
        for (TopicEvent event : events) {
            if (event.topic() == Topic.SLM_METRICS) {
                JsonNode slm = JSON.readTree(event.json());
                List<String> key = List.of(
                        slm.get("tenant").asText(),
                        slm.get("persona").asText(),
                        slm.get("model_id").asText(),
                        slm.get("role").asText(),
                        slm.get("deployment_mode").asText());
                latencies
                        .computeIfAbsent(key, k -> new ArrayList<>())
                        .add(slm.get("latency_ms").decimalValue().doubleValue());
            }
        }
        fixture.produce(events);
        // batches of 1,000: each group's latencies arrive as several states per hour, merged at query time
        assertTrue(IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 1_000))
                .clean());
        rollups = new Rollups(fixture.clickHouse);
    }

    @Test
    void groupsOfFewerThan200LatenciesReportTheExactInterpolatedPercentiles() {
        AggregateReport report = rollups.aggregate(new AggregateRequest(
                DAY,
                null,
                List.of(
                        Dimension.TENANT,
                        Dimension.PERSONA,
                        Dimension.MODEL,
                        Dimension.ROLE,
                        Dimension.DEPLOYMENT_MODE),
                List.of()));
        int checked = 0;
        for (AggregateRow row : report.rows()) {
            List<Double> produced = latencies.get(row.dimensions());
            if (produced == null || produced.size() >= 200) {
                continue;
            }
            double[] sorted = sorted(produced);
            double[] reported = reported(row.metrics());
            for (int l = 0; l < LEVELS.length; l++) {
                double expected = interpolated(sorted, LEVELS[l]);
                String what = "p" + Math.round(LEVELS[l] * 100) + " latency of " + row.dimensions() + " ("
                        + sorted.length + " requests): true " + expected + ", aggregate said " + reported[l];
                assertEquals(expected, reported[l], Math.abs(expected) * 1e-6, what);
                int rank = (int) Math.ceil(LEVELS[l] * sorted.length - 0.5); // 1-based rank of the latency above q·N
                double low = sorted[Math.max(0, rank - 1)];
                double high = sorted[Math.min(sorted.length - 1, rank)];
                assertTrue(
                        low * (1 - 1e-6) <= reported[l] && reported[l] <= high * (1 + 1e-6),
                        what + ", outside the two latencies around its rank: " + low + " .. " + high);
            }
            checked++;
        }
        assertTrue(
                checked >= 20,
                "at least 20 small groups checked, not " + checked + " (groups: " + latencies.size() + ")");
        assertEquals(
                latencies.size(),
                report.rows().stream()
                        .filter(r -> r.metrics().latencyP50() != null && latencies.containsKey(r.dimensions()))
                        .count(),
                "every produced group has a row with latencies");
    }

    @Test
    void eachTenantsPercentilesAreWithinOnePercentOfRankOfItsTruePercentiles() {
        AggregateReport report =
                rollups.aggregate(new AggregateRequest(DAY, null, List.of(Dimension.TENANT), List.of()));
        Map<String, List<Double>> byTenant = new HashMap<>();
        latencies.forEach((key, values) ->
                byTenant.computeIfAbsent(key.get(0), t -> new ArrayList<>()).addAll(values));
        assertEquals(
                byTenant.keySet(),
                report.rows().stream().map(r -> r.dimensions().get(0)).collect(java.util.stream.Collectors.toSet()));
        for (AggregateRow row : report.rows()) {
            String tenant = row.dimensions().get(0);
            assertWithinOnePercentOfRank(tenant, sorted(byTenant.get(tenant)), row.metrics());
        }
    }

    /**
     * The share of {@code sorted} below the reported level-q value is at most q + 1%, and the share at
     * or below it at least q − 1%: a t-digest with ClickHouse's epsilon 0.01 errs by less than that.
     */
    static void assertWithinOnePercentOfRank(String group, double[] sorted, RollupMetrics metrics) {
        assertTrue(sorted.length >= 200, group + " has " + sorted.length + " latencies; the rank bound needs many");
        double[] reported = reported(metrics);
        for (int l = 0; l < LEVELS.length; l++) {
            double value = reported[l];
            double below = (double) countBelow(sorted, value * (1 - 1e-6)) / sorted.length;
            double atOrBelow = (double) countBelow(sorted, Math.nextUp(value * (1 + 1e-6))) / sorted.length;
            String what = "p" + Math.round(LEVELS[l] * 100) + " latency of " + group + " (" + sorted.length
                    + " requests): aggregate said "
                    + value + " ms, which " + String.format("%.2f%%..%.2f%%", below * 100, atOrBelow * 100)
                    + " of the latencies are below; the true p is " + interpolated(sorted, LEVELS[l]);
            assertTrue(below <= LEVELS[l] + 0.01 && atOrBelow >= LEVELS[l] - 0.01, what);
        }
    }

    private static double[] reported(RollupMetrics metrics) {
        return new double[] {metrics.latencyP50(), metrics.latencyP95(), metrics.latencyP99()};
    }

    static double[] sorted(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    /** How many of {@code sorted} are below {@code limit}. */
    private static int countBelow(double[] sorted, double limit) {
        int count = 0;
        while (count < sorted.length && sorted[count] < limit) {
            count++;
        }
        return count;
    }

    /**
     * The level-q quantile when every point is its own centroid: the i-th smallest (1-based) sits at
     * rank i − ½; below rank ½ is the smallest, above N − ½ the largest, in between the straight line.
     */
    static double interpolated(double[] sorted, double level) {
        double x = level * sorted.length;
        if (x <= 0.5) {
            return sorted[0];
        }
        if (x >= sorted.length - 0.5) {
            return sorted[sorted.length - 1];
        }
        int upper = (int) Math.ceil(x - 0.5); // 0-based index of the first point at rank >= x
        double lowRank = upper - 0.5; // rank of sorted[upper - 1]
        return sorted[upper - 1] + (x - lowRank) * (sorted[upper] - sorted[upper - 1]);
    }
}
