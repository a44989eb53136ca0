package io.somactl.core.alerts;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code TelemetryWorkerDown}: Prometheus has failed to scrape an ingest worker (a target of the
 * selector, {@code job="somactl-ingest"} by default) for the whole of the last {@code for} (1 minute).
 * Per target: {@code up} is 1: ok; {@code up} is 0 and {@code max_over_time(up[for])} is 0: critical;
 * {@code up} is 0 for less than {@code for}: warning, pending (not pushed). No target at all
 * ({@code absent(up{...})}): critical. Prometheus not answering: unknown.
 */
public final class WorkerDownRule implements ProbeRule {
    private final String name;
    private final String selector;
    private final Duration forDuration;
    private final Supplier<PrometheusApi> prometheus;

    public WorkerDownRule(String name, String selector, Duration forDuration, Supplier<PrometheusApi> prometheus) {
        this.name = name;
        this.selector = selector;
        this.forDuration = forDuration;
        this.prometheus = prometheus;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "Prometheus failed to scrape up{" + selector + "} for " + PrometheusRules.promDuration(forDuration);
    }

    @Override
    public RuleResult evaluate() {
        String up = "up{" + selector + "}";
        String window = PrometheusRules.promDuration(forDuration);
        List<PrometheusApi.Sample> now;
        Map<String, BigDecimal> maxOverWindow = new HashMap<>();
        try {
            PrometheusApi api = prometheus.get();
            now = api.query(up);
            for (PrometheusApi.Sample sample : api.query("max_over_time(" + up + "[" + window + "])")) {
                maxOverWindow.put(sample.labels().getOrDefault("instance", ""), sample.value());
            }
        } catch (RuntimeException e) {
            return RuleResult.unknown(name, e.getMessage());
        }
        if (now.isEmpty()) {
            return RuleResult.of(
                    name,
                    "",
                    List.of(new Finding(
                            AlertState.CRITICAL,
                            Map.of("selector", selector),
                            "no ingest worker is scraped by Prometheus (" + up + " is absent)")));
        }
        List<Finding> findings = new ArrayList<>();
        for (PrometheusApi.Sample sample : now) {
            String instance = sample.labels().getOrDefault("instance", "");
            Map<String, String> labels = new HashMap<>();
            labels.put("instance", instance);
            labels.put("job", sample.labels().getOrDefault("job", ""));
            boolean isUp = sample.value() != null && sample.value().signum() > 0;
            BigDecimal max = maxOverWindow.get(instance);
            if (isUp) {
                findings.add(new Finding(AlertState.OK, labels, instance + " is scraped (up 1)"));
            } else if (max != null && max.signum() == 0) {
                findings.add(new Finding(
                        AlertState.CRITICAL,
                        labels,
                        instance + " has not been scraped for at least " + window + " (up 0, max over " + window
                                + " 0)"));
            } else {
                findings.add(new Finding(
                        AlertState.WARNING,
                        labels,
                        instance + " failed its last scrape, for less than " + window + " (pending)",
                        true));
            }
        }
        return RuleResult.of(name, now.size() + " ingest target(s) scraped: all up", findings);
    }
}
