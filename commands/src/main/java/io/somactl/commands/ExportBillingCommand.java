package io.somactl.commands;

import io.somactl.commands.support.Cell;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.ExportProgressBar;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PricingOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TenantsOption;
import io.somactl.commands.support.Terminals;
import io.somactl.commands.support.TimeRangeOptions;
import io.somactl.core.SomactlException;
import io.somactl.core.clickhouse.ClickHouseException;
import io.somactl.core.clickhouse.ClickHouseSettings;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.config.Settings;
import io.somactl.core.export.BillingDimension;
import io.somactl.core.export.BillingExport;
import io.somactl.core.export.BillingFormat;
import io.somactl.core.export.BillingRequest;
import io.somactl.core.export.ClickHouseBillingSource;
import io.somactl.core.export.ExportProgress;
import io.somactl.core.export.ExportRegistry;
import io.somactl.core.export.ExportResult;
import io.somactl.core.report.Grain;
import io.somactl.core.report.TimeRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "billing",
        description = {
            "Export billing rows (one per group per day, or per --grain) with requests, tokens, GPU hours and exact cost.",
            "Writes FILE atomically and FILE.manifest.json beside it (row count, totals per tenant, period, pricing, SHA-256).",
            "Reads the base tables, not rollups, so totals equal ClickHouse's to the last decimal."
        })
public final class ExportBillingCommand extends ServerCommand {
    @Mixin
    private TimeRangeOptions time;

    @Mixin
    private PricingOptions pricing;

    @Mixin
    private OutputOptions output;

    @Option(
            names = "--period",
            paramLabel = "PERIOD",
            description = "A month (2026-11) or a day (2026-11-05), UTC; or use --since/--until.")
    private String period;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "csv or parquet (default: from --out's extension, else csv).")
    private String format;

    @Option(
            names = "--grain",
            paramLabel = "GRAIN",
            defaultValue = "day",
            description = "One row per group per hour, day or month (default: ${DEFAULT-VALUE}).")
    private String grain;

    @Mixin
    private TenantsOption tenantsOption;

    @Option(
            names = "--group-by",
            split = ",",
            paramLabel = "DIMENSION",
            description = "tenant,persona,model or a subset with tenant (default: all three).")
    private List<String> groupBy = new ArrayList<>(List.of("tenant", "persona", "model"));

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write (default: stdout, CSV only).")
    private Path out;

    @Option(
            names = "--manifest",
            paramLabel = "FILE",
            description = "Manifest path (default: FILE.manifest.json; none for stdout unless given).")
    private Path manifest;

    @Option(names = "--if-absent", description = "Do nothing when FILE and its manifest already exist (for cron).")
    private boolean ifAbsent;

    @Option(
            names = "--mkdir",
            description =
                    "Create FILE's (and the manifest's) missing parent directories; without it a missing directory is an error.")
    private boolean mkdir;

    @Option(
            names = "--fail-if-empty",
            description =
                    "Exit 1 when no rows match (the file and manifest are still written); without it an empty export is reported on stderr and exits 0.")
    private boolean failIfEmpty;

    @Option(names = "--explain", description = "Print the SQL instead of running it.")
    private boolean explain;

    @Option(
            names = "--query-timeout",
            paramLabel = "DURATION",
            defaultValue = "30m",
            description = "How long ClickHouse may take to start answering (default: ${DEFAULT-VALUE}).")
    private String queryTimeout;

    @Override
    public Integer call() {
        TimeRange range = time.rangeOrPeriod(period);
        BillingRequest request;
        try {
            request = new BillingRequest(
                    range, Grain.parse(grain), BillingDimension.parseList(groupBy), tenantsOption.values());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (explain) {
            out().println(new ClickHouseBillingSource(services().clickHouse()).describe(request));
            out().flush();
            return ExitCode.OK;
        }
        boolean toStdout = out == null || out.toString().equals("-");
        BillingFormat chosen = format != null
                ? parseFormat(format)
                : toStdout ? BillingFormat.CSV : BillingFormat.ofFileName(out).orElse(BillingFormat.CSV);
        if (toStdout && chosen == BillingFormat.PARQUET) {
            throw new ParameterException(spec.commandLine(), "Parquet needs a file: add --out FILE.parquet");
        }
        if (toStdout && ifAbsent) {
            throw new ParameterException(spec.commandLine(), "--if-absent needs --out FILE");
        }
        if (!mkdir) {
            requireDirectory(toStdout ? null : out);
            requireDirectory(manifest);
        }
        Settings settings = settings();
        ClickHouseSettings base = settings.clickHouse();
        Duration timeout = Settings.parseDuration("--query-timeout", queryTimeout);
        HttpClickHouse clickHouse = services().clickHouseFor(timeout);
        BillingExport export = new BillingExport(
                new ClickHouseBillingSource(clickHouse),
                new BillingExport.Metadata(
                        pricing.choose(settings).catalog().version(), settings.actor(), version(), base.database()),
                Clock.systemUTC());
        boolean terminal = Terminals.interactive();
        long started = System.nanoTime();
        if (toStdout) {
            ExportResult result = export.csvTo(out(), request, manifest, mkdir, ExportProgress.NONE);
            out().flush();
            if (out().checkError()) {
                throw new SomactlException(
                        "writing the export to standard output failed (closed, or the disk is full)");
            }
            summary(result, started);
            register(clickHouse, result);
            return emptiness(result, range);
        }
        ExportResult result = export.toFile(
                request,
                chosen,
                out,
                manifest,
                ifAbsent,
                mkdir,
                new ExportProgressBar(err(), terminal, Terminals.ansi(Terminals.environment(spec)), range));
        if (result.skipped()) {
            err().println("export: " + result.file() + " and its manifest exist; skipped (--if-absent)");
            err().flush();
        } else {
            summary(result, started);
            register(clickHouse, result);
        }
        Table table = Table.withColumns("file", "rows", "cost_usd", "sha256", "manifest");
        table.row(
                result.file().toString(),
                result.manifest().totals().overall().rows(),
                Cell.moneyString(result.manifest().totals().overall().costUsd()),
                result.manifest().sha256(),
                result.manifestFile().toString());
        output.render(table, out());
        return result.skipped() ? ExitCode.OK : emptiness(result, range);
    }

    /**
     * Records the export in ClickHouse's billing_exports, which {@code reprice} reads to protect exported
     * periods. The file is written already, so a failure here is a warning, not a failed export.
     */
    private void register(HttpClickHouse clickHouse, ExportResult result) {
        try {
            new ExportRegistry(clickHouse).record(result);
        } catch (ClickHouseException e) {
            warn("the export was written but not recorded in " + clickHouse.database() + ".billing_exports ("
                    + e.getMessage()
                    + "); run 'somactl schema apply' (migration V006) so reprice can protect exported periods");
        }
    }

    /** A missing directory is an error that says how to have it created. */
    private static void requireDirectory(Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        if (dir != null && !Files.exists(dir)) {
            throw new SomactlException("cannot write " + file.toAbsolutePath().normalize() + ": directory " + dir
                    + " does not exist (add --mkdir to create it)");
        }
    }

    /** An export with no rows says so; with --fail-if-empty it fails. */
    private int emptiness(ExportResult result, TimeRange range) {
        if (result.manifest().totals().overall().rows() > 0) {
            return ExitCode.OK;
        }
        err().println("export: no billing rows "
                + (tenantsOption.values().isEmpty()
                        ? ""
                        : "for tenant " + String.join(", ", tenantsOption.values()) + " ")
                + "from " + range.since() + " to " + range.until() + (failIfEmpty ? " (--fail-if-empty)" : ""));
        err().flush();
        return failIfEmpty ? ExitCode.FAILURE : ExitCode.OK;
    }

    private void summary(ExportResult result, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        var totals = result.manifest().totals().overall();
        err().println(String.format(
                java.util.Locale.ROOT,
                "export: %d rows, %d bytes, cost %s in %.1f s (%.0f rows/s)%s",
                totals.rows(),
                result.manifest().bytes(),
                totals.costUsd().toPlainString(),
                seconds,
                totals.rows() / Math.max(seconds, 1e-3),
                result.manifestFile() == null ? "" : "; manifest " + result.manifestFile()));
        err().flush();
    }

    private BillingFormat parseFormat(String text) {
        try {
            return BillingFormat.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String version() {
        String[] versions = spec.root().version();
        return versions.length > 0 ? versions[0] : "";
    }
}
