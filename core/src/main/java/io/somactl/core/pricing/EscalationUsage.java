package io.somactl.core.pricing;

import java.time.Instant;
import java.util.Objects;

/** One request escalated to an open-weights model; its context for tier selection is {@code input}. */
public record EscalationUsage(String tenant, String ossModelId, Instant ts, long input, long output, long reasoning) {
    public EscalationUsage {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(ossModelId, "ossModelId");
        Objects.requireNonNull(ts, "ts");
        Checks.count("input", input);
        Checks.count("output", output);
        Checks.count("reasoning", reasoning);
    }
}
