package io.somactl.commands;

import io.somactl.commands.support.BudgetServices;
import io.somactl.commands.support.Cell;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PersonaOption;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TenantOption;
import io.somactl.commands.support.Times;
import io.somactl.core.budget.BudgetOverride;
import io.somactl.core.config.Settings;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "override",
        description = {
            "Lift a tenant's budgets (or one persona's) until a time: past a limit, checks answer warn instead of the hard",
            "action. Expires by itself. Recorded in the audit log with who (--actor, else the context's actor) and why.",
            "Example: somactl budget override --tenant acme --until 6h --reason 'launch day, approved by finance'"
        })
public final class BudgetOverrideCommand extends ServerCommand {
    @Mixin
    private TenantOption tenantOption;

    @Mixin
    private PersonaOption personaOption;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            description = "When the override ends: RFC 3339, a date, or a span from now (90m, 6h, 2d).")
    private String until;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required; goes into the audit log).")
    private String reason;

    @Option(
            names = "--actor",
            paramLabel = "NAME",
            description = "Who (default: the context's actor, else the login name).")
    private String actor;

    @Option(names = "--clear", description = "End the override now instead.")
    private boolean clear;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        String tenant = tenantOption.required();
        String persona = personaOption.value();
        Settings settings = settings();
        String who = actor != null && !actor.isBlank() ? actor : settings.actor();
        String scope = persona == null ? tenant : tenant + "/" + persona;
        try (BudgetServices budgets = new BudgetServices(services())) {
            if (clear) {
                boolean existed = budgets.admin().clearOverride(tenant, persona, who, reason);
                if (output.forPeople()) {
                    out().println(
                                    existed
                                            ? "override of " + scope + " ended"
                                            : "no override of " + scope + " was in force");
                    out().flush();
                } else {
                    output.render(row("clear", tenant, persona, null, who, reason, existed), out());
                }
                return ExitCode.OK;
            }
            if (until == null || reason == null || reason.isBlank()) {
                throw new ParameterException(spec.commandLine(), "an override needs --until TIME and --reason TEXT");
            }
            Instant end = Times.instant(spec, "--until", until, budgets.clock().instant(), true);
            BudgetOverride override = budgets.admin().override(tenant, persona, end, who, reason);
            if (output.forPeople()) {
                out().println("override: " + override.scope() + " lifted until " + override.until() + " by "
                        + override.actor() + ": " + override.reason());
                out().flush();
            } else {
                output.render(
                        row(
                                "override",
                                override.tenant(),
                                override.persona(),
                                override.until(),
                                override.actor(),
                                override.reason(),
                                true),
                        out());
            }
            return ExitCode.OK;
        }
    }

    /** Fields: docs/output.md ({@code budget override}). */
    private static Table row(
            String action, String tenant, String persona, Instant until, String actor, String reason, boolean changed) {
        return Table.withColumns("action", "tenant", "persona", "until", "actor", "reason", "changed")
                .row(action, tenant, persona, Cell.timestamp(until), actor, reason, changed);
    }
}
