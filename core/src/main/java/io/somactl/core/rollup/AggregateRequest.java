package io.somactl.core.rollup;

import io.somactl.core.report.Grain;
import io.somactl.core.report.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@code somactl aggregate} shows: the range (whole UTC hours, since rollups are hourly), one
 * row per bucket of {@code grain} or, with no grain, one row for the whole range, grouped by
 * {@code groupBy}, for {@code tenants} (empty: all). Each row is compared with the bucket (or range
 * of equal length) just before it.
 */
public record AggregateRequest(TimeRange range, Grain grain, List<Dimension> groupBy, List<String> tenants) {
    public AggregateRequest {
        Objects.requireNonNull(range, "range");
        groupBy = List.copyOf(groupBy);
        tenants = tenants.stream().map(String::strip).distinct().sorted().toList();
        if (!Grain.HOUR.floor(range.since()).equals(range.since())
                || !Grain.HOUR.floor(range.until()).equals(range.until())) {
            throw new IllegalArgumentException("rollups are hourly: since and until must be whole UTC hours (got "
                    + range.since() + " and " + range.until() + ")");
        }
    }

    /** Widens {@code since}/{@code until} to whole buckets of {@code grain} (hours when none). */
    public static TimeRange widen(Instant since, Instant until, Grain grain) {
        Grain unit = grain == null ? Grain.HOUR : grain;
        return TimeRange.of(unit.floor(since), unit.ceil(until));
    }

    /** Where the query starts: one bucket (or one range length) before {@code since}, for the trend. */
    public Instant comparedFrom() {
        return grain == null
                ? range.since().minus(Duration.between(range.since(), range.until()))
                : grain.previous(grain.floor(range.since()));
    }

    /** The bucket a row of {@code bucketStart} is compared with. */
    public Instant previousBucket(Instant bucketStart) {
        return grain == null ? comparedFrom() : grain.previous(bucketStart);
    }

    /** The end of the bucket starting at {@code bucketStart}. */
    public Instant bucketEnd(Instant bucketStart) {
        if (grain == null) {
            return bucketStart.equals(range.since()) ? range.until() : range.since();
        }
        Instant next = grain.next(bucketStart);
        return next.isAfter(range.until()) ? range.until() : next;
    }
}
