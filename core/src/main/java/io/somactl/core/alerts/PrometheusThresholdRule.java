package io.somactl.core.alerts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A rule over the ingest worker's metrics: an instant PromQL query whose every series is compared
 * with a warning and a critical threshold (at or above). The series' labels become the alert's
 * labels, so the query should aggregate to the labels that identify the alert ({@code sum by
 * (instance)}). No series: ok (nothing measured; {@code TelemetryWorkerDown} covers a missing worker).
 */
public final class PrometheusThresholdRule implements ProbeRule {
    private final String name;
    private final String query;
    private final Thresholds thresholds;
    private final Supplier<PrometheusApi> prometheus;

    public PrometheusThresholdRule(
            String name, String query, Thresholds thresholds, Supplier<PrometheusApi> prometheus) {
        this.name = name;
        this.query = query;
        this.thresholds = thresholds;
        this.prometheus = prometheus;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return query + " " + thresholds.describe();
    }

    @Override
    public RuleResult evaluate() {
        List<PrometheusApi.Sample> samples;
        try {
            samples = prometheus.get().query(query);
        } catch (RuntimeException e) {
            return RuleResult.unknown(name, e.getMessage());
        }
        List<Finding> findings = new ArrayList<>();
        for (PrometheusApi.Sample sample : samples) {
            if (sample.value() == null) {
                continue; // NaN: e.g. a rate over nothing consumed
            }
            Map<String, String> labels = new TreeMap<>(sample.labels());
            labels.remove("__name__");
            BigDecimal value = sample.value();
            findings.add(Finding.measured(
                    thresholds.state(value),
                    labels,
                    name + " " + thresholds.format(value) + " " + labels + " " + thresholds.describe(),
                    value));
        }
        return RuleResult.of(
                name,
                samples.isEmpty() ? "no series for " + query : samples.size() + " series " + thresholds.okSide(),
                findings);
    }
}
