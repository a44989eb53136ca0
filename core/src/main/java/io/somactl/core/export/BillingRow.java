package io.somactl.core.export;

import io.somactl.core.pricing.Money;
import io.somactl.core.text.Printable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of a billing export: a group (tenant, and persona and model when grouped by them) in
 * one time bucket, with its request count, tokens, GPU hours and exact cost.
 *
 * <p>{@code dimensions} holds the grouped values in {@link BillingDimension} order (tenant first).
 * {@code gpuHours} and {@code costUsd} have scale {@value Money#STORAGE_SCALE}; {@code costUsd} is
 * the exact sum of the stored per-event costs, never rounded.
 */
public record BillingRow(
        Instant periodStart,
        List<String> dimensions,
        long requests,
        long inputTokens,
        long outputTokens,
        long totalTokens,
        BigDecimal gpuHours,
        BigDecimal costUsd) {
    public static final String PERIOD_START = "period_start";
    public static final List<String> METRICS =
            List.of("requests", "input_tokens", "output_tokens", "total_tokens", "gpu_hours", "cost_usd");

    private static final BigDecimal MICROS_PER_HOUR = BigDecimal.valueOf(3_600_000_000L);

    public BillingRow {
        Objects.requireNonNull(periodStart, "periodStart");
        dimensions = List.copyOf(dimensions);
        if (gpuHours.scale() != Money.STORAGE_SCALE || costUsd.scale() != Money.STORAGE_SCALE) {
            throw new IllegalArgumentException(
                    "gpu_hours and cost_usd must have scale " + Money.STORAGE_SCALE + ": " + gpuHours + ", " + costUsd);
        }
    }

    public String tenant() {
        return dimensions.get(0);
    }

    /**
     * GPU hours of a row from its exact GPU microseconds (each event's gpu_seconds rounded to the
     * microsecond, as the usage counters do, then summed exactly): one HALF_EVEN rounding to 12
     * decimal places, per row.
     */
    public static BigDecimal gpuHours(long gpuMicros) {
        return BigDecimal.valueOf(gpuMicros).divide(MICROS_PER_HOUR, Money.STORAGE_SCALE, RoundingMode.HALF_EVEN);
    }

    /** A decimal read back from a file or from ClickHouse, at storage scale; fails rather than round. */
    public static BigDecimal exact(String text) {
        try {
            return new BigDecimal(text).setScale(Money.STORAGE_SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new NumberFormatException(
                    Printable.quote(text) + " has more than " + Money.STORAGE_SCALE + " decimal places");
        }
    }
}
