package io.somactl.core.ingest;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Hears how far a replay or an archive is, often (the listener decides how often to show it): the
 * events handled so far, the fraction of the work done ({@code -1} when unknown), and a short
 * {@code key=value} status.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = (events, fraction, status) -> {};

    void at(long events, double fraction, String status);

    /** The work is done (a listener that drew something clears it). */
    default void finished() {}

    /** The status as a line to {@code lines} every two seconds at most, prefixed with {@code label}. */
    static Progress lines(String label, Consumer<String> lines) {
        long every = Duration.ofSeconds(2).toNanos();
        long[] next = {System.nanoTime() + every};
        return (events, fraction, status) -> {
            long now = System.nanoTime();
            if (now >= next[0]) {
                next[0] = now + every;
                lines.accept(label + ": " + status);
            }
        };
    }
}
