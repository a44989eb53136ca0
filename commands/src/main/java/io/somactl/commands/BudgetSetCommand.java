package io.somactl.commands;

import io.somactl.commands.support.ActorOptions;
import io.somactl.commands.support.BudgetServices;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PersonaOption;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TableRenderer;
import io.somactl.commands.support.TenantOption;
import io.somactl.core.budget.BudgetChange;
import io.somactl.core.budget.BudgetFile;
import io.somactl.core.budget.BudgetLimit;
import io.somactl.core.budget.LimitAction;
import io.somactl.core.budget.Metric;
import io.somactl.core.budget.Names;
import io.somactl.core.budget.Period;
import io.somactl.core.budget.WindowKind;
import io.somactl.core.config.Settings;
import io.somactl.core.text.Printable;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "set",
        description = {
            "Set one limit of a tenant, or of a persona within it: a daily or monthly limit on tokens, cost or GPU hours,",
            "its warning steps and the action when a request would pass it. Also sets the tenant's time zone.",
            "Example: somactl budget set --tenant acme --period daily --metric total-tokens --limit 2000000 \\",
            "           --warn 80,90,95 --action downgrade --downgrade-to phi-3-mini"
        })
public final class BudgetSetCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Mixin
    private ActorOptions actor;

    @Mixin
    private TenantOption tenantOption;

    @Mixin
    private PersonaOption personaOption;

    @Option(names = "--period", paramLabel = "PERIOD", description = "daily or monthly.")
    private String period;

    @Option(
            names = "--metric",
            paramLabel = "METRIC",
            description = "input-tokens, output-tokens, total-tokens, cost-usd or gpu-hours.")
    private String metric;

    @Option(
            names = "--limit",
            paramLabel = "AMOUNT",
            description = "The hard limit, in tokens, USD (exact decimals) or GPU hours.")
    private BigDecimal limit;

    @Option(
            names = "--window",
            paramLabel = "KIND",
            defaultValue = "calendar",
            description =
                    "calendar (day or month in the tenant's time zone) or rolling (last 24h or last 30d); default: ${DEFAULT-VALUE}.")
    private String window;

    @Option(
            names = "--warn",
            split = ",",
            paramLabel = "PERCENT",
            description = "Warning steps in percent, e.g. 80,90,95 (default: 80).")
    private List<BigDecimal> warn;

    @Option(
            names = "--action",
            paramLabel = "ACTION",
            description = "When a request would pass the limit: downgrade, pause or require-approval.")
    private String action;

    @Option(names = "--downgrade-to", paramLabel = "MODEL", description = "The cheaper model for --action downgrade.")
    private String downgradeTo;

    @Option(
            names = "--time-zone",
            paramLabel = "ZONE",
            description = "The tenant's time zone for calendar windows, e.g. Europe/Berlin (default: UTC).")
    private String timeZone;

    @Option(names = "--remove", description = "Remove the --period/--metric limit instead of setting it.")
    private boolean remove;

    @Override
    public Integer call() {
        Settings settings = settings();
        Names.tenant(tenantOption.required());
        if (personaOption.value() != null) {
            Names.persona(personaOption.value());
        }
        ZoneId zone = zone();
        BudgetLimit wanted = remove ? null : limit(); // checked before Redis is contacted
        try (BudgetServices budgets = new BudgetServices(services())) {
            List<BudgetChange> changes;
            if (remove) {
                require(period != null && metric != null, "--remove needs --period and --metric");
                changes = budgets.admin()
                        .remove(
                                tenantOption.required(),
                                personaOption.value(),
                                Period.parse(period),
                                Metric.parse(metric),
                                actor.actor(settings),
                                actor.reason());
            } else {
                require(
                        wanted != null || zone != null,
                        "give a limit (--period, --metric, --limit, --action) or --time-zone");
                changes = budgets.admin()
                        .set(
                                tenantOption.required(),
                                personaOption.value(),
                                wanted,
                                zone,
                                actor.actor(settings),
                                actor.reason());
            }
            render(changes);
            return ExitCode.OK;
        }
    }

    private BudgetLimit limit() {
        if (period == null && metric == null && limit == null && action == null) {
            return null;
        }
        require(
                period != null && metric != null && limit != null && action != null,
                "a limit needs --period, --metric, --limit and --action");
        return new BudgetLimit(
                Period.parse(period),
                Metric.parse(metric),
                WindowKind.parse(window),
                limit,
                warn == null ? BudgetFile.DEFAULT_WARN : new ArrayList<>(warn),
                LimitAction.parse(action),
                downgradeTo);
    }

    private ZoneId zone() {
        if (timeZone == null) {
            return null;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--time-zone: " + Printable.quote(timeZone)
                            + " is not a time zone (examples: UTC, Europe/Berlin, America/New_York)");
        }
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    private void render(List<BudgetChange> changes) {
        if (changes.isEmpty()) {
            err().println("no change: Redis already holds this budget");
            err().flush();
        }
        TableRenderer.render(changeTable(changes), output.format(), out());
    }

    static Table changeTable(List<BudgetChange> changes) {
        Table table = Table.withColumns("change", "tenant", "persona", "budget", "before", "after");
        changes.forEach(c -> table.row(
                c.kind().name().toLowerCase(java.util.Locale.ROOT),
                c.tenant(),
                c.persona(),
                c.id(),
                c.before(),
                c.after()));
        return table;
    }
}
