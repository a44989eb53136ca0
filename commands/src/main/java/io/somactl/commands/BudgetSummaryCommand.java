package io.somactl.commands;

import io.somactl.commands.support.BudgetServices;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.budget.BudgetSummary;
import io.somactl.core.text.Printable;
import java.math.BigDecimal;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "summary",
        description = {
            "All tenants ranked by share of budget used (or --by spend), with spend this month, the budget nearest its limit,",
            "and FLAG set for those at or past --threshold: the /budget/summary view."
        })
public final class BudgetSummaryCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Option(
            names = "--threshold",
            paramLabel = "PERCENT",
            defaultValue = "80",
            description = "Flag tenants whose largest share used is at least this (default: ${DEFAULT-VALUE}).")
    private BigDecimal threshold;

    @Option(
            names = "--by",
            paramLabel = "ORDER",
            defaultValue = "share",
            description = "Order: share or spend (default: ${DEFAULT-VALUE}).")
    private String by;

    @Override
    public Integer call() {
        boolean bySpend = switch (by) {
            case "spend" -> true;
            case "share" -> false;
            default -> throw new IllegalArgumentException("--by: use share or spend, not " + Printable.quote(by));
        };
        try (BudgetServices budgets = new BudgetServices(services())) {
            List<BudgetSummary.Line> lines = new BudgetSummary(
                            budgets.redis().async(),
                            budgets.store(),
                            budgets.checks(),
                            budgets.usage(),
                            settings().timeout())
                    .summarize(threshold, bySpend);
            output.render(table(lines, threshold), out());
            return ExitCode.OK;
        }
    }

    /** The summary as a table (also what {@code somactl serve} answers {@code /v1/budget/summary} with). */
    public static Table table(List<BudgetSummary.Line> lines, BigDecimal threshold) {
        Table table = Table.withColumns(
                "tenant", "spend_usd", "spend_rank", "top_budget", "share_percent", "share_rank", "state", "flag");
        for (BudgetSummary.Line line : lines) {
            table.row(
                    line.tenant(),
                    line.spendUsd(),
                    line.spendRank(),
                    line.topBudget() == null
                            ? null
                            : line.topBudget().scope() + ":"
                                    + line.topBudget().limit().id(),
                    line.sharePercent(),
                    line.shareRank(),
                    line.state(),
                    line.flagged() ? "past-" + threshold.toPlainString() + "%" : "");
        }
        return table;
    }
}
