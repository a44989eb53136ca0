package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TimeRangeOptions;
import io.somactl.core.pricing.Money;
import io.somactl.core.spend.SpendReport;
import io.somactl.core.spend.SpendRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "spend",
        description = {
            "Spend from ClickHouse's priced rows, by tenant, persona or model, most expensive first.",
            "COST is rounded to cents once, for display; -o json|csv also gives the exact cost_usd.",
            "Default range: everything (no --since: the beginning; no --until: no end)."
        })
public final class SpendCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Option(
            names = "--by",
            defaultValue = "tenant",
            description = "Group by: tenant, persona or model (default: ${DEFAULT-VALUE}).")
    private SpendReport.GroupBy groupBy;

    @Mixin
    private TimeRangeOptions time;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        Instant since = time.since(Instant.parse("1970-01-01T00:00:00Z"), now);
        Instant until = time.until(Instant.parse("2100-01-01T00:00:00Z"), now);
        List<SpendRow> rows = new SpendReport(services().clickHouse()).spend(groupBy, since, until);
        BigDecimal total = rows.stream().map(SpendRow::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        Table table = Table.withColumns(
                groupBy.name().toLowerCase(java.util.Locale.ROOT),
                "requests",
                "input_tokens",
                "output_tokens",
                "cost",
                "share",
                "cost_usd");
        for (SpendRow row : rows) {
            table.row(
                    row.group(),
                    row.requests(),
                    row.inputTokens(),
                    row.outputTokens(),
                    Money.format(row.costUsd()),
                    share(row.costUsd(), total),
                    row.costUsd());
        }
        table.row(
                "TOTAL",
                rows.stream().mapToLong(SpendRow::requests).sum(),
                rows.stream().mapToLong(SpendRow::inputTokens).sum(),
                rows.stream().mapToLong(SpendRow::outputTokens).sum(),
                Money.format(total),
                total.signum() == 0 ? "" : "100%",
                total);
        output.render(table, out());
        return ExitCode.OK;
    }

    private static String share(BigDecimal part, BigDecimal total) {
        if (total.signum() == 0) {
            return "";
        }
        return part.multiply(BigDecimal.valueOf(100))
                        .divide(total, 1, RoundingMode.HALF_EVEN)
                        .toPlainString() + "%";
    }
}
