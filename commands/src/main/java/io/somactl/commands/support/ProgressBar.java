package io.somactl.commands.support;

import io.somactl.core.ingest.Progress;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

/**
 * A long command's progress. On a terminal: one line rewritten in place (at most ten times a
 * second) with a bar, the count, the rate and the time left. Off a terminal (cron, pipes, logs),
 * with {@code lines}: a plain timestamped {@code key=value} line every ten seconds; without: nothing.
 * Used by {@code export} (through {@link ExportProgressBar}), {@code replay} and {@code archive}.
 */
public final class ProgressBar implements Progress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LINE_NANOS = 10_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean ansi;
    private final boolean lines;
    private final String label;
    private final String unit;
    private final long startedAt = System.nanoTime();
    private long shownAt;
    private boolean shown;
    /** Code points of the line on screen; without ANSI, spaces blank what a shorter line leaves of it. */
    private int width;

    /**
     * @param label what runs, e.g. {@code replay}
     * @param unit  what is counted, e.g. {@code events}
     * @param lines off a terminal, print a line every ten seconds
     * @param ansi the terminal understands ANSI escapes (not {@code TERM=dumb}, see {@link Terminals#ansi}): the
     *             line is cleared with {@code ESC[K}; without, it is overwritten with spaces after a {@code \r}
     */
    public ProgressBar(PrintWriter err, boolean terminal, boolean ansi, boolean lines, String label, String unit) {
        this.err = err;
        this.terminal = terminal;
        this.ansi = ansi;
        this.lines = lines;
        this.label = label;
        this.unit = unit;
        this.shownAt = startedAt;
    }

    /** A message in place of the bar until the next update (terminal only), e.g. while a server works. */
    public void message(String text) {
        if (terminal) {
            show(label + ": " + text);
            err.flush();
        }
    }

    /** {@code count} done, {@code fraction} of the work (-1: unknown), {@code status}: a short key=value text. */
    @Override
    public void at(long count, double fraction, String status) {
        long now = System.nanoTime();
        if (terminal ? now - shownAt < REDRAW_NANOS : !lines || now - shownAt < LINE_NANOS) {
            return;
        }
        shownAt = now;
        double seconds = Math.max((now - startedAt) / 1e9, 1e-3);
        double rate = count / seconds;
        double done = Math.max(0, Math.min(1, fraction));
        String eta = fraction <= 0 ? "?" : duration(seconds * (1 - done) / done);
        if (terminal) {
            int filled = (int) Math.round(done * WIDTH);
            String bar = fraction < 0
                    ? ""
                    : String.format(
                            Locale.ROOT, " [%s%s] %3.0f%%", "#".repeat(filled), ".".repeat(WIDTH - filled), done * 100);
            show(String.format(
                    Locale.ROOT,
                    "%s%s  %,d %s  %,.0f %s/s  ETA %s%s",
                    label,
                    bar,
                    count,
                    unit,
                    rate,
                    unit,
                    eta,
                    status.isEmpty() ? "" : "  " + status));
        } else {
            err.println(String.format(
                    Locale.ROOT,
                    "%s %s: %s=%d rate=%.0f/s done=%s eta=%s%s",
                    Instant.now(),
                    label,
                    unit,
                    count,
                    rate,
                    fraction < 0 ? "?" : String.format(Locale.ROOT, "%.1f%%", done * 100),
                    eta,
                    status.isEmpty() ? "" : " " + status));
        }
        err.flush();
    }

    @Override
    public void finished() {
        if (shown) {
            err.print(ansi ? "\r\u001b[K" : "\r" + " ".repeat(width) + "\r");
            err.flush();
            shown = false;
            width = 0;
        }
    }

    /** {@code text} in place of the line on screen. */
    private void show(String text) {
        int length = text.codePointCount(0, text.length());
        err.print("\r" + text + (ansi ? "\u001b[K" : " ".repeat(Math.max(0, width - length))));
        width = length;
        shown = true;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
