package io.somactl.commands;

import io.somactl.commands.support.ActorOptions;
import io.somactl.commands.support.BudgetServices;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TableRenderer;
import io.somactl.commands.support.TenantOption;
import io.somactl.core.budget.BudgetReset;
import io.somactl.core.budget.Period;
import io.somactl.core.config.Settings;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "reset",
        description = {
            "Close the calendar windows that have ended (for cron): archive each closed window's totals to ClickHouse,",
            "record the reset in the audit log, mark the window closed. Idempotent; a Redis lock makes overlapping runs do",
            "one reset. Run it hourly so every tenant's midnight is caught: 5 * * * * somactl budget reset --period daily"
        })
public final class BudgetResetCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Mixin
    private ActorOptions actor;

    @Option(names = "--period", required = true, paramLabel = "PERIOD", description = "daily or monthly.")
    private String period;

    @Mixin
    private TenantOption tenantOption;

    @Option(
            names = "--lock-ttl",
            paramLabel = "SECONDS",
            defaultValue = "300",
            description = "The lock expires after this long if a run dies holding it (default: ${DEFAULT-VALUE}).")
    private long lockTtlSeconds;

    @Override
    public Integer call() {
        Settings settings = settings();
        String reason = actor.reason().isBlank() ? "scheduled reset" : actor.reason();
        try (BudgetServices budgets = new BudgetServices(services())) {
            BudgetReset.Report report = budgets.reset(Duration.ofSeconds(lockTtlSeconds))
                    .reset(Period.parse(period), tenantOption.value(), actor.actor(settings), reason);
            if (!report.lockHeld()) {
                err().println("another " + period + " reset is running (its Redis lock is held); this run did nothing");
                err().flush();
                return ExitCode.OK;
            }
            Table table = Table.withColumns("tenant", "outcome", "windows_closed", "last_closed");
            report.tenants()
                    .forEach(t -> table.row(
                            t.tenant(),
                            t.outcome().replace(' ', '-'),
                            String.join(",", t.windowsClosed()),
                            t.lastClosed()));
            TableRenderer.render(table, output.format(), out());
            return ExitCode.OK;
        }
    }
}
