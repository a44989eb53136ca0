package io.somactl.core.usage;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What one priced event adds to its tenant's and persona's budget counters. Tokens are all token
 * classes together in {@code totalTokens}; GPU time is counted in whole microseconds.
 */
public record UsageDelta(
        String tenant,
        String persona,
        Instant ts,
        long inputTokens,
        long outputTokens,
        long totalTokens,
        BigDecimal costUsd,
        long gpuMicros) {

    /** GPU seconds as micro-seconds, rounded the way ClickHouse's {@code round()} does (half to even). */
    public static long gpuMicros(double gpuSeconds) {
        return (long) Math.rint(gpuSeconds * 1_000_000d);
    }
}
