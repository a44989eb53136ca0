package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TableRenderer;
import io.somactl.commands.support.TenantOption;
import io.somactl.commands.support.TimeRangeOptions;
import io.somactl.core.budget.AuditEntry;
import io.somactl.core.budget.BudgetAudit;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "audit",
        description = {
            "The budget audit log from ClickHouse, newest first: limit changes (set, apply), overrides and resets,",
            "with who, when, what and why."
        })
public final class BudgetAuditCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Mixin
    private TenantOption tenantOption;

    @Option(
            names = "--action",
            paramLabel = "ACTION",
            description = "Only one kind: limit_set, limit_removed, time_zone_set, override, override_cleared, reset.")
    private String action;

    @Mixin
    private TimeRangeOptions time;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "At most N records (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        BudgetAudit audit = services().budgetAudit();
        List<AuditEntry> entries =
                audit.list(tenantOption.value(), action, time.since(null, now), time.until(null, now), limit);
        Table table =
                Table.withColumns("ts", "actor", "action", "tenant", "persona", "budget", "before", "after", "reason");
        entries.forEach(e -> table.row(
                e.ts().toString(),
                e.actor(),
                e.action(),
                e.tenant(),
                e.persona(),
                e.budget(),
                e.before(),
                e.after(),
                e.reason()));
        TableRenderer.render(table, output.format(), out());
        return ExitCode.OK;
    }
}
