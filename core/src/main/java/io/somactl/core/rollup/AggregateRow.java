package io.somactl.core.rollup;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code somactl aggregate}: a group ({@code dimensions} in the order asked for; "" where
 * the events lack that dimension) in the bucket {@code [start, end)}, its figures, and those of the
 * bucket before it ({@code null} when that bucket had none).
 */
public record AggregateRow(
        Instant start, Instant end, List<String> dimensions, RollupMetrics metrics, RollupMetrics previous) {}
