package io.somactl.core.rollup;

import io.somactl.core.pricing.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * The figures of one group in one bucket, added up from the rollups of every source. Counts and
 * costs are exact; averages and rates are derived at the end ({@code null} when there is nothing
 * to average, never a made-up 0). Latency percentiles come from model requests only.
 */
public final class RollupMetrics {
    long requests; // priced events: SLM requests + escalations + voice turns
    long slmRequests;
    long inputTokens;
    long outputTokens;
    long totalTokens;
    BigDecimal costUsd = Money.ZERO;
    double[] latencyQuantiles; // p50, p95, p99 in ms
    double queueDelaySum;
    long queueDelayCount;
    double gpuUtilizationSum;
    long gpuUtilizationCount;
    long escalations;
    long fallbacks;
    long escalationErrors;
    long voiceTurns;
    long toolCalls;
    long toolSuccesses;
    long policyDecisions;
    long policyBlocks;
    long policyOverrides;
    long audioEvents;
    double werSum;
    long werCount;
    double cerSum;
    long cerCount;
    double mosSum;
    long mosCount;

    /** Adds one source's row: {@code values} in the order of {@code source.metrics()}. */
    void add(RollupSource source, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            add(source, source.metrics().get(i).column(), values.get(i));
        }
    }

    private void add(RollupSource source, String column, String value) {
        switch (column) {
            case "requests" -> {
                long n = Long.parseLong(value);
                slmRequests += n;
                requests += n;
            }
            case "escalations" -> {
                long n = Long.parseLong(value);
                escalations += n;
                requests += n;
            }
            case "turns" -> {
                long n = Long.parseLong(value);
                voiceTurns += n;
                requests += n;
            }
            case "input_tokens_sum" -> inputTokens += Long.parseLong(value);
            case "output_tokens_sum" -> outputTokens += Long.parseLong(value);
            case "total_tokens_sum" -> totalTokens += Long.parseLong(value);
            case "cost_usd_sum" -> costUsd = costUsd.add(new BigDecimal(value));
            case "latency_ms_quantiles" -> latencyQuantiles = parseArray(value);
            case "queue_delay_ms_sum" -> queueDelaySum += Double.parseDouble(value);
            case "queue_delay_ms_count" -> queueDelayCount += Long.parseLong(value);
            case "gpu_utilization_sum" -> gpuUtilizationSum += Double.parseDouble(value);
            case "gpu_utilization_count" -> gpuUtilizationCount += Long.parseLong(value);
            case "fallbacks" -> fallbacks += Long.parseLong(value);
            case "errors" -> escalationErrors += Long.parseLong(value);
            case "calls" -> toolCalls += Long.parseLong(value);
            case "successes" -> toolSuccesses += Long.parseLong(value);
            case "decisions" -> policyDecisions += Long.parseLong(value);
            case "blocks" -> policyBlocks += Long.parseLong(value);
            case "overrides" -> policyOverrides += Long.parseLong(value);
            case "events" -> audioEvents += Long.parseLong(value);
            case "wer_sum" -> werSum += Double.parseDouble(value);
            case "wer_count" -> werCount += Long.parseLong(value);
            case "cer_sum" -> cerSum += Double.parseDouble(value);
            case "cer_count" -> cerCount += Long.parseLong(value);
            case "mos_sum" -> mosSum += Double.parseDouble(value);
            case "mos_count" -> mosCount += Long.parseLong(value);
            default -> throw new IllegalStateException(source + " has an unknown rollup column " + column);
        }
    }

    static double[] parseArray(String text) {
        String inner = text.strip();
        if (inner.startsWith("[")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        if (inner.isBlank()) {
            return null;
        }
        String[] parts = inner.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Double.parseDouble(parts[i].strip());
        }
        return values;
    }

    public long requests() {
        return requests;
    }

    public long inputTokens() {
        return inputTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    public long totalTokens() {
        return totalTokens;
    }

    public BigDecimal costUsd() {
        return costUsd;
    }

    public Double latencyP50() {
        return latencyQuantiles == null || slmRequests == 0 ? null : latencyQuantiles[0];
    }

    public Double latencyP95() {
        return latencyQuantiles == null || slmRequests == 0 ? null : latencyQuantiles[1];
    }

    public Double latencyP99() {
        return latencyQuantiles == null || slmRequests == 0 ? null : latencyQuantiles[2];
    }

    public Double queueDelayAvgMs() {
        return average(queueDelaySum, queueDelayCount);
    }

    public Double gpuUtilizationAvg() {
        return average(gpuUtilizationSum, gpuUtilizationCount);
    }

    public long escalations() {
        return escalations;
    }

    public BigDecimal fallbackRate() {
        return rate(fallbacks, escalations);
    }

    public BigDecimal errorRate() {
        return rate(escalationErrors, escalations);
    }

    public BigDecimal toolSuccessRate() {
        return rate(toolSuccesses, toolCalls);
    }

    public long toolCalls() {
        return toolCalls;
    }

    public long policyBlocks() {
        return policyBlocks;
    }

    public long policyOverrides() {
        return policyOverrides;
    }

    /** Share of policy decisions that refused the action (verdict block). */
    public BigDecimal refusalRate() {
        return rate(policyBlocks, policyDecisions);
    }

    public Double werAvg() {
        return average(werSum, werCount);
    }

    public Double cerAvg() {
        return average(cerSum, cerCount);
    }

    public Double mosAvg() {
        return average(mosSum, mosCount);
    }

    /** Events of {@code source} counted in these rollups. */
    public long events(RollupSource source) {
        return switch (source) {
            case SLM -> slmRequests;
            case ESCALATION -> escalations;
            case VOICE -> voiceTurns;
            case TOOL -> toolCalls;
            case POLICY -> policyDecisions;
            case AUDIO -> audioEvents;
        };
    }

    /** Exact fraction {@code part / whole} (to 12 significant digits), or null for 0 / 0. */
    static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), MathContext.DECIMAL64);
    }

    private static Double average(double sum, long count) {
        return count == 0 ? null : sum / count;
    }

    void merge(RollupMetrics other) {
        requests += other.requests;
        slmRequests += other.slmRequests;
        inputTokens += other.inputTokens;
        outputTokens += other.outputTokens;
        totalTokens += other.totalTokens;
        costUsd = costUsd.add(other.costUsd);
        if (latencyQuantiles == null) {
            latencyQuantiles = other.latencyQuantiles;
        }
        queueDelaySum += other.queueDelaySum;
        queueDelayCount += other.queueDelayCount;
        gpuUtilizationSum += other.gpuUtilizationSum;
        gpuUtilizationCount += other.gpuUtilizationCount;
        escalations += other.escalations;
        fallbacks += other.fallbacks;
        escalationErrors += other.escalationErrors;
        voiceTurns += other.voiceTurns;
        toolCalls += other.toolCalls;
        toolSuccesses += other.toolSuccesses;
        policyDecisions += other.policyDecisions;
        policyBlocks += other.policyBlocks;
        policyOverrides += other.policyOverrides;
        audioEvents += other.audioEvents;
        werSum += other.werSum;
        werCount += other.werCount;
        cerSum += other.cerSum;
        cerCount += other.cerCount;
        mosSum += other.mosSum;
        mosCount += other.mosCount;
    }
}
