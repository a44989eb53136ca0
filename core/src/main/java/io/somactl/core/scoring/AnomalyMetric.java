package io.somactl.core.scoring;

import java.util.Locale;

/**
 * What {@code score anomalies} watches, per hour, each against its own trailing baseline. Every
 * metric is flagged only upwards (slower, dearer, more errors, worse recognition, more refusals).
 * Rates get a binomial floor on their spread; the others a relative one (see {@link AnomalyDetector}).
 */
public enum AnomalyMetric {
    /**
     * p90, not p95: on the trace the p95 of an hour is bimodal (soma-slm-3b at 18:00 lands near 6.0 s or
     * near 8.5 s from one normal day to the next, a lump of long answers in the trace's tail), while the
     * p90 stays within 3% (docs/scoring.md).
     */
    LATENCY_P90_MS(false, "90th percentile latency of the hour's SLM requests, ms"),
    COST_PER_REQUEST(false, "priced cost per request, USD"),
    ERROR_RATE(true, "share of the hour's requests that failed (SLM error or timeout, escalation error)"),
    WER(false, "average word error rate of the hour's voice calls"),
    REFUSAL_RATE(true, "share of the hour's policy decisions that blocked");

    private final boolean rate;
    private final String description;

    AnomalyMetric(boolean rate, String description) {
        this.rate = rate;
        this.description = description;
    }

    public boolean rate() {
        return rate;
    }

    public String description() {
        return description;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
