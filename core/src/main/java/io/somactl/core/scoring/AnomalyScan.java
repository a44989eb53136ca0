package io.somactl.core.scoring;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.report.TimeRange;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code score anomalies}: hourly series per model and per tenant from the base tables over the
 * window and the {@code baselineDays} before it, each hour of the window judged by
 * {@link AnomalyDetector}. Models: latency p90, cost per request, error rate (SLM and escalation
 * requests). Tenants: the same over their requests, plus WER (audio events) and refusal rate
 * (policy decisions that blocked).
 */
public final class AnomalyScan {
    private static final String HOUR = "toUnixTimestamp(toDateTime(intDiv(toUInt32(ts), 3600) * 3600))";
    private final ClickHouse clickHouse;

    public AnomalyScan(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    public AnomalyReport scan(TimeRange window, AnomalyDetector detector, Clock clock) {
        Instant from = window.since().minus(Duration.ofDays(detector.settings().baselineDays()));
        TimeRange read = TimeRange.of(from, window.until());
        Map<String, Map<Instant, AnomalyDetector.Observation>> series = new TreeMap<>();
        String where = " WHERE " + read.where("ts");
        String requests = "SELECT toString(model_id) AS model, toString(tenant) AS tenant, " + HOUR
                + " AS h, latency_ms,"
                + " cost_usd, toUInt8(status IN ('error', 'timeout')) AS failed, 1 AS slm FROM slm_metrics" + where
                + " UNION ALL SELECT toString(oss_model_id) AS model, toString(tenant) AS tenant, " + HOUR
                + " AS h, latency_ms,"
                + " cost_usd, toUInt8(outcome = 'error') AS failed, 0 AS slm FROM escalation_metrics" + where;
        for (String kind : List.of("model", "tenant")) {
            String sql = "SELECT " + kind + ", h, count(), countIf(slm = 1), quantileExactIf(0.9)(latency_ms, slm = 1),"
                    + " toString(sum(cost_usd)), sum(failed) FROM (" + requests + ") GROUP BY " + kind + ", h";
            for (List<String> r : clickHouse.select(sql)) {
                Instant hour = Instant.ofEpochSecond(Long.parseLong(r.get(1)));
                long n = Long.parseLong(r.get(2));
                long slm = Long.parseLong(r.get(3));
                if (slm > 0) {
                    put(series, kind, r.get(0), AnomalyMetric.LATENCY_P90_MS, hour, Double.parseDouble(r.get(4)), slm);
                }
                put(
                        series,
                        kind,
                        r.get(0),
                        AnomalyMetric.COST_PER_REQUEST,
                        hour,
                        new BigDecimal(r.get(5))
                                .divide(BigDecimal.valueOf(n), MathContext.DECIMAL64)
                                .doubleValue(),
                        n);
                put(series, kind, r.get(0), AnomalyMetric.ERROR_RATE, hour, Long.parseLong(r.get(6)) / (double) n, n);
            }
        }
        for (List<String> r :
                clickHouse.select("SELECT toString(tenant), " + HOUR + " AS h, count(wer), avg(wer) FROM audio_metrics"
                        + where + " AND wer IS NOT NULL GROUP BY tenant, h")) {
            put(
                    series,
                    "tenant",
                    r.get(0),
                    AnomalyMetric.WER,
                    Instant.ofEpochSecond(Long.parseLong(r.get(1))),
                    Double.parseDouble(r.get(3)),
                    Long.parseLong(r.get(2)));
        }
        for (List<String> r :
                clickHouse.select("SELECT toString(tenant), " + HOUR + " AS h, count(), countIf(verdict = 'block')"
                        + " FROM policy_events" + where + " GROUP BY tenant, h")) {
            long n = Long.parseLong(r.get(2));
            put(
                    series,
                    "tenant",
                    r.get(0),
                    AnomalyMetric.REFUSAL_RATE,
                    Instant.ofEpochSecond(Long.parseLong(r.get(1))),
                    Long.parseLong(r.get(3)) / (double) n,
                    n);
        }
        return judge(series, window, detector, clock.instant());
    }

    /** Judges every hour of {@code window} of every series (key {@code kind\tsubject\tmetric}); pure. */
    static AnomalyReport judge(
            Map<String, Map<Instant, AnomalyDetector.Observation>> series,
            TimeRange window,
            AnomalyDetector detector,
            Instant now) {
        List<AnomalyReport.Flag> flags = new ArrayList<>();
        int judged = 0;
        int skipped = 0;
        double largest = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Map<Instant, AnomalyDetector.Observation>> e : series.entrySet()) {
            String[] key = e.getKey().split("\t", 3);
            AnomalyMetric metric = AnomalyMetric.valueOf(key[2]);
            for (Instant hour : e.getValue().keySet()) {
                if (hour.isBefore(window.since()) || !hour.isBefore(window.until())) {
                    continue;
                }
                var judgement = detector.judge(metric, e.getValue(), hour);
                if (judgement.isEmpty()) {
                    skipped++;
                    continue;
                }
                judged++;
                largest = Math.max(largest, judgement.get().z());
                if (judgement.get().flagged()) {
                    flags.add(new AnomalyReport.Flag(key[0], key[1], metric, judgement.get()));
                }
            }
        }
        flags.sort(Comparator.comparing((AnomalyReport.Flag f) -> f.judgement().hour())
                .thenComparing(AnomalyReport.Flag::subjectKind)
                .thenComparing(AnomalyReport.Flag::subject)
                .thenComparing(AnomalyReport.Flag::metric));
        return new AnomalyReport(
                window.since(),
                window.until(),
                now.truncatedTo(ChronoUnit.SECONDS),
                detector.settings(),
                judged,
                skipped,
                judged == 0 ? 0 : largest,
                List.copyOf(flags));
    }

    private static void put(
            Map<String, Map<Instant, AnomalyDetector.Observation>> series,
            String kind,
            String subject,
            AnomalyMetric metric,
            Instant hour,
            double value,
            long count) {
        series.computeIfAbsent(kind + "\t" + subject + "\t" + metric.name(), k -> new HashMap<>())
                .put(hour, new AnomalyDetector.Observation(value, count));
    }
}
