package io.somactl.commands;

import io.somactl.commands.support.ActorOptions;
import io.somactl.commands.support.BudgetServices;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.core.budget.BudgetChange;
import io.somactl.core.budget.BudgetFile;
import io.somactl.core.budget.TenantBudgets;
import io.somactl.core.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "apply",
        description = {
            "Make Redis hold exactly the budgets of a file, for every tenant: limits the file does not name are removed,",
            "tenants it does not name lose their budgets. --dry-run prints the diff and changes nothing.",
            "File format: README.md, section Budgets."
        })
public final class BudgetApplyCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Mixin
    private ActorOptions actor;

    @Option(
            names = {"-f", "--file"},
            required = true,
            paramLabel = "FILE",
            description = "The budgets file (YAML).")
    private Path file;

    @Option(
            names = "--dry-run",
            description = "Print what would change (+ added, - removed, ~ changed) and change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() {
        Settings settings = settings();
        Map<String, TenantBudgets> desired = BudgetFile.load(file);
        try (BudgetServices budgets = new BudgetServices(services())) {
            List<BudgetChange> changes = budgets.admin().apply(desired, dryRun, actor.actor(settings), actor.reason());
            if (output.format() == OutputFormat.table) {
                changes.forEach(c -> out().println(c.line()));
                err().println(
                                changes.isEmpty()
                                        ? "no change: Redis already holds what " + file + " says"
                                        : (dryRun
                                                ? "dry run: " + changes.size() + " change(s) not applied"
                                                : changes.size() + " change(s) applied and recorded in the audit log"));
            } else {
                output.render(BudgetSetCommand.changeTable(changes), out());
            }
            out().flush();
            err().flush();
            return ExitCode.OK;
        }
    }
}
