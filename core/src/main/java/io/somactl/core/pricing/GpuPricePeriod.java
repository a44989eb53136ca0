package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** The GPU price of one deployment mode, USD per GPU-hour, from {@code effectiveFrom}. */
public record GpuPricePeriod(Instant effectiveFrom, BigDecimal perHour) {
    public GpuPricePeriod {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(perHour, "perHour");
    }
}
