package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One small-language-model request: tokens by class and GPU time on the deployment it ran on.
 *
 * @param deploymentMode key of the catalog's {@code gpu} section, e.g. {@code self_hosted}, {@code edge}
 * @param gpuSeconds GPU time attributed to this request, in seconds
 */
public record SlmUsage(
        String tenant,
        String modelId,
        String deploymentMode,
        Instant ts,
        long inputTokens,
        long cachedReadTokens,
        long cachedWriteTokens,
        long outputTokens,
        long reasoningTokens,
        BigDecimal gpuSeconds) {
    public SlmUsage {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(deploymentMode, "deploymentMode");
        Objects.requireNonNull(ts, "ts");
        Checks.count("inputTokens", inputTokens);
        Checks.count("cachedReadTokens", cachedReadTokens);
        Checks.count("cachedWriteTokens", cachedWriteTokens);
        Checks.count("outputTokens", outputTokens);
        Checks.count("reasoningTokens", reasoningTokens);
        Checks.quantity("gpuSeconds", gpuSeconds);
    }

    /** Context size used for tier selection: input + cached read + cached write tokens. */
    public long contextTokens() {
        return Math.addExact(Math.addExact(inputTokens, cachedReadTokens), cachedWriteTokens);
    }
}
