package io.somactl.commands.support;

import io.somactl.core.export.ExportProgress;
import io.somactl.core.report.TimeRange;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * The export's progress, drawn by {@link ProgressBar}. Rows arrive in time order, so how far the
 * latest row's bucket is through the period is how far the export is. Off a terminal (cron, pipes)
 * it prints nothing: the command's summary line is enough for a log.
 */
public final class ExportProgressBar implements ExportProgress {
    private final ProgressBar bar;
    private final TimeRange range;

    public ExportProgressBar(PrintWriter err, boolean terminal, boolean ansi, TimeRange range) {
        this.bar = new ProgressBar(err, terminal, ansi, false, "export", "rows");
        this.range = range;
    }

    @Override
    public void querying() {
        bar.message("ClickHouse is aggregating the period…");
    }

    @Override
    public void rows(long rows, Instant bucket) {
        double done = (double) (bucket.getEpochSecond() - range.since().getEpochSecond())
                / (range.until().getEpochSecond() - range.since().getEpochSecond());
        bar.at(rows, done, "at " + bucket);
    }

    @Override
    public void finished(long rows, long bytes) {
        bar.finished();
    }
}
