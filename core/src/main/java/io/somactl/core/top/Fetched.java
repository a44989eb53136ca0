package io.somactl.core.top;

import java.time.Duration;
import java.time.Instant;

/**
 * One panel's data as of one refresh: the value last fetched (null if never), when, and, when this refresh's
 * fetch failed or did not answer in time, why ({@code problem}); the panel is then stale and keeps the older value.
 */
public record Fetched<T>(T value, Instant fetchedAt, String problem) {
    public static <T> Fetched<T> fresh(T value, Instant at) {
        return new Fetched<>(value, at, null);
    }

    public static <T> Fetched<T> none() {
        return new Fetched<>(null, null, null);
    }

    /** This refresh did not get the panel: keep the older value and say why. */
    public Fetched<T> stale(String why) {
        return new Fetched<>(value, fetchedAt, why);
    }

    public boolean isStale() {
        return problem != null;
    }

    /** {@code fresh}, {@code stale 12s: Redis did not answer in 2s}, or {@code no data: ...}. */
    public String status(Instant now) {
        if (problem == null) {
            return "fresh";
        }
        if (value == null) {
            return "no data: " + problem;
        }
        return "stale " + Duration.between(fetchedAt, now).toSeconds() + "s: " + problem;
    }
}
