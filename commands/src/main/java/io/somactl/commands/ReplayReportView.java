package io.somactl.commands;

import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TableRenderer;
import io.somactl.core.ingest.Replay;
import java.io.PrintWriter;
import java.util.function.Consumer;

/** What a replay stored, per tenant, as a table on stdout; reasons, notes and the summary as log lines. */
final class ReplayReportView {
    private ReplayReportView() {}

    static void render(Replay.Report report, OutputFormat format, PrintWriter out, Consumer<String> log) {
        Table table =
                Table.withColumns("tenant", "events", "input_tokens", "output_tokens", "total_tokens", "cost_usd");
        report.byTenant()
                .forEach((tenant, totals) -> table.row(
                        tenant,
                        totals.requests(),
                        totals.inputTokens(),
                        totals.outputTokens(),
                        totals.totalTokens(),
                        totals.costUsd().toPlainString()));
        TableRenderer.render(table, format, out);
        report.byReason()
                .forEach((reason, counts) -> log.accept(
                        "reason " + reason + ": " + counts[0] + " stored now, " + counts[1] + " still invalid"));
        report.notes().forEach(log);
        log.accept((report.dryRun() ? "dry run, nothing written: would store " : "stored ") + report.inserted() + " of "
                + report.read() + " events read; " + report.alreadyStored() + " already stored, " + report.duplicates()
                + " duplicates, " + report.invalid() + " still invalid, " + report.notYetIngested()
                + " left to ingest" + (report.complete() ? "" : "; stopped early: run it again to continue"));
    }
}
