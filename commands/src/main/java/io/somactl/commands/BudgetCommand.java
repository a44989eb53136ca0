package io.somactl.commands;

import io.somactl.commands.support.CommandGroup;
import picocli.CommandLine.Command;

@Command(
        name = "budget",
        description = "Per-tenant and per-persona budgets and the usage counters behind them.",
        subcommands = {
            BudgetSetCommand.class,
            BudgetApplyCommand.class,
            BudgetShowCommand.class,
            BudgetSummaryCommand.class,
            BudgetCheckCommand.class,
            BudgetReleaseCommand.class,
            BudgetResetCommand.class,
            BudgetOverrideCommand.class,
            BudgetAuditCommand.class,
            BudgetRebuildCommand.class,
        })
public final class BudgetCommand extends CommandGroup {}
