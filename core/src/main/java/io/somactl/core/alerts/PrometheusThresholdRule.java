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
    private final BigDecimal warning;
    private final BigDecimal critical;
    private final String unit;
    private final Supplier<PrometheusApi> prometheus;

    public PrometheusThresholdRule(String name, String query, BigDecimal warning, BigDecimal critical, String unit,
                                   Supplier<PrometheusApi> prometheus) {
        if (warning.compareTo(critical) > 0) {
            throw new IllegalArgumentException(name + ": warning " + warning.toPlainString() + " is above critical "
                    + critical.toPlainString());
        }
        this.name = name;
        this.query = query;
        this.warning = warning;
        this.critical = critical;
        this.unit = unit == null ? "" : unit;
        this.prometheus = prometheus;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return query + " at " + warning.toPlainString() + unit + " (warning) or " + critical.toPlainString() + unit + " (critical)";
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
            AlertState state = value.compareTo(critical) >= 0 ? AlertState.CRITICAL
                    : value.compareTo(warning) >= 0 ? AlertState.WARNING : AlertState.OK;
            findings.add(new Finding(state, labels, name + " " + plain(value) + unit + " " + labels
                    + " (warning at " + warning.toPlainString() + unit + ", critical at " + critical.toPlainString() + unit + ")"));
        }
        return RuleResult.of(name, samples.isEmpty() ? "no series for " + query
                : samples.size() + " series below " + warning.toPlainString() + unit, findings);
    }

    private static String plain(BigDecimal value) {
        BigDecimal rounded = value.scale() > 3 ? value.setScale(3, java.math.RoundingMode.HALF_EVEN) : value;
        return rounded.stripTrailingZeros().toPlainString();
    }
}
