package io.somactl.commands.support;

import java.time.Duration;

/** Durations the way people write them on a command line and read them in a table. */
public final class Durations {
    private Durations() {}

    public static String millis(Duration duration) {
        double millis = duration.toNanos() / 1_000_000.0;
        return millis < 10 ? String.format("%.1f ms", millis) : String.format("%.0f ms", millis);
    }
}
