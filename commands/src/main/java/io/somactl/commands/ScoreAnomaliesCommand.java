package io.somactl.commands;

import io.somactl.commands.support.Documents;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ScoreServices;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TimeRangeOptions;
import io.somactl.core.report.TimeRange;
import io.somactl.core.scoring.AnomalyDetector;
import io.somactl.core.scoring.AnomalyReport;
import io.somactl.core.scoring.AnomalyScan;
import io.somactl.core.scoring.ScoreStore;
import java.time.Clock;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "anomalies",
        description = {
            "Flags hours whose latency p90, cost per request or error rate (per model and tenant), WER or refusal rate (per",
            "tenant) rose far above the same hour of the previous days: robust z = (value - median) / max(1.4826 x MAD, floor).",
            "Flags go to Redis (one key) and ClickHouse's anomaly_flags; see docs/scoring.md for the false-positive rate."
        })
public final class ScoreAnomaliesCommand extends ServerCommand {
    @Mixin
    private TimeRangeOptions time;

    @Mixin
    private OutputOptions output;

    @Option(
            names = "--window",
            paramLabel = "LENGTH",
            description = "Whole hours up to the start of this hour: 1h, 24h (default: 24h).")
    private String window;

    @Option(
            names = "--threshold",
            defaultValue = "5",
            paramLabel = "Z",
            description = "Flag at this robust z or above (default: ${DEFAULT-VALUE}).")
    private double threshold;

    @Option(
            names = "--baseline-days",
            defaultValue = "7",
            paramLabel = "N",
            description = "Compare with the same hour of N previous days (default: ${DEFAULT-VALUE}).")
    private int baselineDays;

    @Option(
            names = "--min-baseline-days",
            defaultValue = "3",
            paramLabel = "N",
            description = "Judge only with at least N of them (default: ${DEFAULT-VALUE}).")
    private int minBaselineDays;

    @Option(
            names = "--min-count",
            defaultValue = "30",
            paramLabel = "N",
            description = "Judge only hours with at least N events (default: ${DEFAULT-VALUE}).")
    private long minCount;

    @Option(
            names = "--relative-floor",
            defaultValue = "0.05",
            paramLabel = "SHARE",
            description = "Least spread assumed for non-rates, as a share of the median (default: ${DEFAULT-VALUE}).")
    private double relativeFloor;

    @Option(names = "--no-publish", description = "Compute and print only: write nothing to Redis or ClickHouse.")
    private boolean noPublish;

    @Override
    public Integer call() {
        TimeRange range = ScoreServices.window(spec, time, window, "24h", Clock.systemUTC());
        AnomalyDetector detector;
        try {
            detector = new AnomalyDetector(
                    new AnomalyDetector.Settings(threshold, baselineDays, minBaselineDays, minCount, relativeFloor));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        AnomalyReport report;
        try (ScoreServices services = new ScoreServices(services())) {
            report = new AnomalyScan(services.clickHouse()).scan(range, detector, Clock.systemUTC());
            if (!noPublish) {
                ScoreStore store = services.store();
                store.appendFlags(report.flags(), threshold, report.computedAt());
                if (!store.publishAnomalies(report.until(), report.json())) {
                    warn("kept the flags of a later window in "
                            + services.keys().anomalies() + "; these went to ClickHouse only");
                }
            }
        }
        if (output.format() == OutputFormat.json || output.format() == OutputFormat.yaml) {
            Documents.renderJson(
                    report.json(), output.format(), out()); // JSON: the text Redis holds; YAML: the same tree
            return ExitCode.OK;
        }
        Table table = Table.withColumns("HOUR", "KIND", "SUBJECT", "METRIC", "VALUE", "BASELINE_MEDIAN", "Z", "EVENTS");
        for (AnomalyReport.Flag f : report.flags()) {
            var j = f.judgement();
            table.row(
                    j.hour().toString(),
                    f.subjectKind(),
                    f.subject(),
                    f.metric().key(),
                    fmt(j.value()),
                    fmt(j.median()),
                    String.format(Locale.ROOT, "%.1f", j.z()),
                    j.count());
        }
        output.render(table, out());
        if (output.format() == OutputFormat.table) {
            err().println(report.flags().size() + " flag(s); " + report.judged() + " hours judged, " + report.skipped()
                    + " skipped (too few events or baseline days), largest z "
                    + String.format(Locale.ROOT, "%.2f", report.largestZ()));
            err().flush();
        }
        return ExitCode.OK;
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.6g", v);
    }
}
