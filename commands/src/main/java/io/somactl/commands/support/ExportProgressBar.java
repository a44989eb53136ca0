package io.somactl.commands.support;

import io.somactl.core.export.ExportProgress;
import io.somactl.core.report.TimeRange;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

/**
 * The export's progress on a terminal: one line rewritten in place with a bar. Rows arrive in time
 * order, so how far the latest row's bucket is through the period is how far the export is. Off a
 * terminal (cron, pipes) it prints nothing: the command's summary line is enough for a log.
 */
public final class ExportProgressBar implements ExportProgress {
    private static final int WIDTH = 30;
    private static final long EVERY_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final TimeRange range;
    private final long startedAt = System.nanoTime();
    private long shownAt;
    private boolean shown;

    public ExportProgressBar(PrintWriter err, boolean terminal, TimeRange range) {
        this.err = err;
        this.terminal = terminal;
        this.range = range;
    }

    @Override
    public void querying() {
        if (terminal) {
            err.print("\rexport: ClickHouse is aggregating the period…\u001b[K");
            err.flush();
            shown = true;
        }
    }

    @Override
    public void rows(long rows, Instant bucket) {
        long now = System.nanoTime();
        if (!terminal || now - shownAt < EVERY_NANOS) {
            return;
        }
        shownAt = now;
        double done = Math.max(0, Math.min(1, (double) (bucket.getEpochSecond() - range.since().getEpochSecond())
                / (range.until().getEpochSecond() - range.since().getEpochSecond())));
        int filled = (int) Math.round(done * WIDTH);
        double seconds = (now - startedAt) / 1e9;
        err.print(String.format(Locale.ROOT, "\rexport [%s%s] %3.0f%%  %,d rows  %,.0f rows/s  at %s\u001b[K",
                "#".repeat(filled), ".".repeat(WIDTH - filled), done * 100, rows, rows / Math.max(seconds, 1e-3), bucket));
        err.flush();
        shown = true;
    }

    @Override
    public void finished(long rows, long bytes) {
        if (shown) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
