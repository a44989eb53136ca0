package io.somactl.core.scoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flags an hour whose value rose far above its own baseline: the same hour of the previous
 * {@code baselineDays} days (traffic has a daily shape, so 14:00 is compared with 14:00).
 *
 * <p>Robust z-score: {@code z = (x - median) / scale} with {@code scale = max(1.4826 · MAD, floor)},
 * where median and MAD (median absolute deviation; 1.4826 makes it estimate the standard deviation
 * of normal data) come from the baseline hours. One freak day in the baseline moves neither. The
 * floor keeps a quiet baseline (seven nearly equal values, MAD close to 0) from turning noise into
 * alarms: for rates, the binomial standard error {@code sqrt(p(1-p)/n)} of the median rate at the
 * hour's own count n; for other metrics, {@code relativeFloor} (default 5%) of the median.
 *
 * <p>An hour is judged only when it has at least {@code minCount} events and at least
 * {@code minBaselineDays} baseline hours have as many; otherwise it is skipped (and counted as such).
 * It is flagged when {@code z >= threshold}.
 */
public final class AnomalyDetector {
    public static final double MAD_TO_SIGMA = 1.4826;

    /** The detector's settings; {@link #defaults()} are what {@code score anomalies} uses. */
    public record Settings(
            double threshold, int baselineDays, int minBaselineDays, long minCount, double relativeFloor) {
        public Settings {
            if (!(threshold > 0)
                    || baselineDays < 1
                    || minBaselineDays < 1
                    || minBaselineDays > baselineDays
                    || minCount < 1
                    || !(relativeFloor >= 0)) {
                throw new IllegalArgumentException(
                        "anomaly settings: threshold > 0, 1 <= min-baseline-days <= baseline-days,"
                                + " min-count >= 1, relative floor >= 0");
            }
        }

        public static Settings defaults() {
            return new Settings(5.0, 7, 3, 30, 0.05);
        }
    }

    /** One hour's value and how many events it is computed from. */
    public record Observation(double value, long count) {}

    /** The verdict on one hour. */
    public record Judgement(
            Instant hour,
            double value,
            long count,
            double median,
            double scale,
            double z,
            int baselineHours,
            boolean flagged) {}

    private final Settings settings;

    public AnomalyDetector(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Judges {@code hour} of a series (hour → observation); empty when the hour or its baseline has
     * too little data.
     */
    public Optional<Judgement> judge(AnomalyMetric metric, Map<Instant, Observation> series, Instant hour) {
        Observation now = series.get(hour);
        if (now == null || now.count() < settings.minCount() || !Double.isFinite(now.value())) {
            return Optional.empty();
        }
        List<Double> baseline = new ArrayList<>();
        for (int d = 1; d <= settings.baselineDays(); d++) {
            Observation then = series.get(hour.minus(Duration.ofDays(d)));
            if (then != null && then.count() >= settings.minCount() && Double.isFinite(then.value())) {
                baseline.add(then.value());
            }
        }
        if (baseline.size() < settings.minBaselineDays()) {
            return Optional.empty();
        }
        double[] values = baseline.stream().mapToDouble(Double::doubleValue).toArray();
        double median = median(values);
        double[] deviations =
                Arrays.stream(values).map(v -> Math.abs(v - median)).toArray();
        double mad = median(deviations);
        double floor = metric.rate()
                ? Math.sqrt(Math.max(median, 1.0 / now.count())
                        * (1 - Math.min(median, 1 - 1.0 / now.count()))
                        / now.count())
                : settings.relativeFloor() * Math.abs(median);
        double scale = Math.max(MAD_TO_SIGMA * mad, floor);
        double z = scale == 0 ? (now.value() > median ? Double.POSITIVE_INFINITY : 0) : (now.value() - median) / scale;
        return Optional.of(new Judgement(
                hour, now.value(), now.count(), median, scale, z, values.length, z >= settings.threshold()));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
