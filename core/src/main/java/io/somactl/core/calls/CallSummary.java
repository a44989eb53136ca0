package io.somactl.core.calls;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One voice call, summed up from its turns in {@code conversation_metrics}. Latency statistics skip
 * turns that did not report the value (a missing value is not a 0); {@code null} when no turn did.
 * Costs are the exact sums of the costs ingest stored per turn at the pricing catalog's rates.
 */
public record CallSummary(
        String callId,
        String tenant,
        String persona,
        Instant started,
        Instant ended,
        long turns,
        Stat sttTtfbMs,
        Stat llmLatencyMs,
        Stat ttsTtfbMs,
        Stat eouLatencyMs,
        long inputTokens,
        long outputTokens,
        double sttSeconds,
        long ttsCharacters,
        double mediaSeconds,
        long interruptions,
        String outcome,
        Double outcomeConfidence,
        Double sentimentAvg,
        BigDecimal costStt,
        BigDecimal costLlm,
        BigDecimal costTts,
        BigDecimal costMedia,
        BigDecimal costTotal,
        List<String> pricingVersions) {

    /** Average, minimum and maximum of the turns that reported a value; all null when none did. */
    public record Stat(Double avg, Double min, Double max) {}

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** Interruptions per turn. */
    public double interruptionRate() {
        return turns == 0 ? 0 : (double) interruptions / turns;
    }
}
