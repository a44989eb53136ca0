package io.somactl.core.usage;

import java.math.BigDecimal;

/** Counter values for one window: the sums that budgets compare against their limits. */
public record UsageTotals(
        long requests, long inputTokens, long outputTokens, long totalTokens, BigDecimal costUsd, long gpuMicros) {
    public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, BigDecimal.ZERO, 0);

    public UsageTotals plus(UsageDelta delta) {
        return new UsageTotals(
                requests + 1,
                inputTokens + delta.inputTokens(),
                outputTokens + delta.outputTokens(),
                totalTokens + delta.totalTokens(),
                costUsd.add(delta.costUsd()),
                gpuMicros + delta.gpuMicros());
    }

    /** These totals without one event that {@link #plus(UsageDelta)} added. */
    public UsageTotals minus(UsageDelta delta) {
        return new UsageTotals(
                requests - 1,
                inputTokens - delta.inputTokens(),
                outputTokens - delta.outputTokens(),
                totalTokens - delta.totalTokens(),
                costUsd.subtract(delta.costUsd()),
                gpuMicros - delta.gpuMicros());
    }

    public UsageTotals plus(UsageTotals other) {
        return new UsageTotals(
                requests + other.requests,
                inputTokens + other.inputTokens,
                outputTokens + other.outputTokens,
                totalTokens + other.totalTokens,
                costUsd.add(other.costUsd),
                gpuMicros + other.gpuMicros);
    }
}
