package io.somactl.core.ingest.metrics;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * Shows the ingest worker's progress on stderr. The worker calls {@link #report} about once a
 * second with a fresh {@link IngestMetrics.Snapshot} and {@link #finish} when it stops.
 *
 * <p>On a terminal: one live line, rewritten in place ({@code \r}, then the line, then clear to the
 * end of the line), e.g. {@code ingest: 182,340 ev/s  consumed 1,204,000  inserted 1,203,990  dlq 10
 * lag 53,120  errors 0}. Otherwise (a log file, cron): a timestamped line of {@code key=value} pairs
 * at most once per interval (10 s unless told), so logs stay short. The rate is events consumed per
 * second since the previous line shown. No colors, so nothing to turn off for {@code NO_COLOR}.
 *
 * <p>Meant for the worker's one thread; its methods are synchronized all the same.
 */
public final class ProgressReporter {
    /** How often a plain (not terminal) line is written at most. */
    public static final Duration DEFAULT_PLAIN_INTERVAL = Duration.ofSeconds(10);

    private static final String CLEAR_TO_END_OF_LINE = "\u001b[K";

    private final PrintWriter err;
    private final boolean terminal;
    private final Clock clock;
    private final Duration plainInterval;
    private final Instant startedAt;

    private Instant baselineAt;
    private long baselineConsumed;
    private double lastRate;
    private Instant lastShownAt;
    private boolean liveLineShown;

    public ProgressReporter(PrintWriter err, boolean terminal, Clock clock) {
        this(err, terminal, clock, DEFAULT_PLAIN_INTERVAL);
    }

    /** @param plainInterval the least time between two plain lines (ignored on a terminal) */
    public ProgressReporter(PrintWriter err, boolean terminal, Clock clock, Duration plainInterval) {
        this.err = Objects.requireNonNull(err, "err");
        this.terminal = terminal;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.plainInterval = Objects.requireNonNull(plainInterval, "plainInterval");
        if (plainInterval.isNegative()) {
            throw new IllegalArgumentException("the progress interval cannot be negative: " + plainInterval);
        }
        this.startedAt = clock.instant();
        // The first rate is measured from here, when the worker starts with nothing consumed.
        this.baselineAt = startedAt;
        this.baselineConsumed = 0;
    }

    /** Shows the progress now (terminal) or if the interval has passed since the last line (plain). */
    public synchronized void report(IngestMetrics.Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        Instant now = clock.instant();
        if (!terminal
                && lastShownAt != null
                && Duration.between(lastShownAt, now).compareTo(plainInterval) < 0) {
            return;
        }
        double rate = rate(now, snapshot.consumed());
        if (terminal) {
            err.print("\r" + liveLine(rate, snapshot) + CLEAR_TO_END_OF_LINE);
            liveLineShown = true;
        } else {
            err.print(plainLine(now, "progress", rate, snapshot) + "\n");
        }
        err.flush();
        lastShownAt = now;
    }

    /** The final summary; on a terminal the live line is kept and ended first. */
    public synchronized void finish(IngestMetrics.Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        Instant now = clock.instant();
        Duration elapsed = Duration.between(startedAt, now);
        double average = perSecond(snapshot.consumed(), elapsed);
        if (terminal) {
            if (liveLineShown) {
                err.print("\n");
                liveLineShown = false;
            }
            err.print("ingest finished in " + human(elapsed) + ": consumed " + grouped(snapshot.consumed())
                    + "  inserted " + grouped(snapshot.inserted())
                    + "  dlq " + grouped(snapshot.deadLettered())
                    + "  skipped " + grouped(snapshot.skipped())
                    + (snapshot.duplicates() > 0 ? "  duplicates " + grouped(snapshot.duplicates()) : "")
                    + "  lag " + grouped(snapshot.totalLag())
                    + "  errors " + grouped(snapshot.failures())
                    + "  (average " + rate(average) + " ev/s)\n");
        } else {
            err.print(plainLine(now, "finished", average, snapshot) + " elapsed_s=" + elapsed.toSeconds() + "\n");
        }
        err.flush();
    }

    private double rate(Instant now, long consumed) {
        Duration elapsed = Duration.between(baselineAt, now);
        if (elapsed.isZero() || elapsed.isNegative()) {
            return lastRate; // two reports at one instant, or the clock stepped back
        }
        lastRate = perSecond(Math.max(0, consumed - baselineConsumed), elapsed);
        baselineAt = now;
        baselineConsumed = consumed;
        return lastRate;
    }

    private static double perSecond(long events, Duration elapsed) {
        if (elapsed.isZero() || elapsed.isNegative()) {
            return 0;
        }
        return events * 1e9 / elapsed.toNanos();
    }

    private static String liveLine(double rate, IngestMetrics.Snapshot s) {
        StringBuilder line = new StringBuilder(120);
        line.append("ingest: ")
                .append(rate(rate))
                .append(" ev/s")
                .append("  consumed ")
                .append(grouped(s.consumed()))
                .append("  inserted ")
                .append(grouped(s.inserted()))
                .append("  dlq ")
                .append(grouped(s.deadLettered()));
        if (s.skipped() > 0) {
            line.append("  skipped ").append(grouped(s.skipped()));
        }
        if (s.duplicates() > 0) {
            line.append("  duplicates ").append(grouped(s.duplicates()));
        }
        line.append("  lag ").append(grouped(s.totalLag())).append("  errors ").append(grouped(s.failures()));
        return line.toString();
    }

    private static String plainLine(Instant now, String what, double rate, IngestMetrics.Snapshot s) {
        return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS))
                + " ingest " + what
                + " ev_per_s=" + String.format(Locale.ROOT, "%.1f", rate)
                + " consumed=" + s.consumed()
                + " inserted=" + s.inserted()
                + " dead_lettered=" + s.deadLettered()
                + " skipped=" + s.skipped()
                + (s.duplicates() > 0 ? " duplicates=" + s.duplicates() : "")
                + " lag=" + s.totalLag()
                + " errors=" + s.failures()
                + " batches=" + s.batches()
                + " last_insert="
                + s.lastInsert()
                        .map(at -> DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS)))
                        .orElse("none")
                + " healthy=" + s.healthy();
    }

    /** Whole events per second, with one decimal below 10 so a trickle does not read as 0. */
    private static String rate(double perSecond) {
        if (perSecond > 0 && perSecond < 10) {
            return String.format(Locale.ROOT, "%.1f", perSecond);
        }
        return grouped(Math.round(perSecond));
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String human(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds());
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        if (h > 0) {
            return String.format(Locale.ROOT, "%dh %02dm %02ds", h, m, s);
        }
        if (m > 0) {
            return String.format(Locale.ROOT, "%dm %02ds", m, s);
        }
        return s + "s";
    }
}
