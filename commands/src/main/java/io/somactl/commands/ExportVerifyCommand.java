package io.somactl.commands;

import io.somactl.commands.support.Cell;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.config.Settings;
import io.somactl.core.export.ClickHouseBillingSource;
import io.somactl.core.export.ExportVerifier;
import io.somactl.core.export.Manifest;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "verify",
        description = {
            "Recompute an export's size, SHA-256 and totals and check them against its manifest and against ClickHouse.",
            "Exit 1 on any difference, naming the first one; every difference is listed on stderr."
        })
public final class ExportVerifyCommand extends ServerCommand {
    @Parameters(paramLabel = "FILE", description = "The exported CSV or Parquet file.")
    private Path file;

    @Option(names = "--manifest", paramLabel = "FILE", description = "Its manifest (default: FILE.manifest.json).")
    private Path manifest;

    @Option(names = "--offline", description = "Check the file against its manifest only, without ClickHouse.")
    private boolean offline;

    @Option(
            names = "--query-timeout",
            paramLabel = "DURATION",
            defaultValue = "30m",
            description = "How long ClickHouse may take to start answering (default: ${DEFAULT-VALUE}).")
    private String queryTimeout;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        Path manifestFile = manifest != null ? manifest : Manifest.besides(file);
        ClickHouseBillingSource source = null;
        if (!offline) {
            Duration timeout = Settings.parseDuration("--query-timeout", queryTimeout);
            source = new ClickHouseBillingSource(services().clickHouseFor(timeout));
        }
        ExportVerifier.Report report = ExportVerifier.verify(file, manifestFile, source);
        if (!output.forPeople()) {
            output.render(row(report, manifestFile), out());
        }
        if (!report.ok()) {
            err().println("error: " + file + " does not verify: "
                    + report.differences().get(0));
            report.differences().stream().skip(1).forEach(d -> err().println("  also: " + d));
            err().flush();
            return ExitCode.FAILURE;
        }
        if (!output.forPeople()) {
            return ExitCode.OK;
        }
        var totals = report.manifest().totals().overall();
        out().println("ok: " + file + " matches its manifest" + (offline ? "" : " and ClickHouse") + ": "
                + totals.rows()
                + " rows, " + totals.requests() + " requests, cost_usd "
                + totals.costUsd().toPlainString()
                + ", sha256 " + report.manifest().sha256());
        out().flush();
        return ExitCode.OK;
    }

    /** Fields: docs/output.md ({@code export verify}); the totals are the manifest's, cost exact. */
    private Table row(ExportVerifier.Report report, Path manifestFile) {
        var totals = report.manifest().totals().overall();
        return Table.withColumns(
                        "file",
                        "manifest",
                        "ok",
                        "checked_against",
                        "rows",
                        "requests",
                        "cost_usd",
                        "sha256",
                        "differences")
                .row(
                        file.toString(),
                        manifestFile.toString(),
                        report.ok(),
                        offline ? "manifest" : "manifest,clickhouse",
                        totals.rows(),
                        totals.requests(),
                        Cell.money(totals.costUsd()),
                        report.manifest().sha256(),
                        Cell.of(
                                String.join("; ", report.differences()),
                                report.differences(),
                                String.join("; ", report.differences()),
                                Cell.Tone.PLAIN));
    }
}
