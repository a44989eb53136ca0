package io.somactl.commands;

import io.somactl.commands.support.BudgetServices;
import io.somactl.commands.support.BudgetTables;
import io.somactl.commands.support.Documents;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PersonaOption;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TenantName;
import io.somactl.core.budget.BudgetChecks;
import io.somactl.core.budget.BudgetOverride;
import io.somactl.core.budget.BudgetUsage;
import io.somactl.core.budget.Names;
import io.somactl.core.budget.RedisBudgetStore;
import io.somactl.core.budget.TenantBudgets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "show",
        description = {
            "Each budget's limit, usage (with live reservations), share used, state and time to reset.",
            "All tenants with budgets, or one. Overrides in force are listed after the table (on stderr for tables)."
        })
public final class BudgetShowCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Parameters(
            index = "0",
            arity = "0..1",
            converter = TenantName.class,
            paramLabel = "TENANT",
            description = "Only this tenant.")
    private String tenant;

    @Mixin
    private PersonaOption personaOption;

    @Override
    public Integer call() {
        if (tenant != null) {
            Names.tenant(tenant); // a name no tenant can have is a usage error, before Redis is asked
        }
        if (personaOption.value() != null) {
            Names.persona(personaOption.value());
        }
        try (BudgetServices budgets = new BudgetServices(services())) {
            RedisBudgetStore store = budgets.store();
            BudgetChecks checks = budgets.checks();
            List<String> tenants = tenant == null ? store.tenants() : List.of(Names.tenant(tenant));
            Instant now = checks.now();
            Table table = null;
            List<Object> documents = new ArrayList<>();
            List<BudgetOverride> overrides = new ArrayList<>();
            for (String name : tenants) {
                TenantBudgets all = store.read(name);
                TenantBudgets defined = personaOption.value() == null
                        ? all
                        : new TenantBudgets(
                                name,
                                all.timeZone(),
                                all.tenantLimits(),
                                Map.of(Names.persona(personaOption.value()), all.limits(personaOption.value())));
                List<BudgetUsage> measured = checks.show(defined);
                Table rows = BudgetTables.usage(measured, defined.timeZone(), now, false);
                table = table == null ? rows : append(table, rows);
                measured.forEach(b -> documents.add(BudgetTables.object(b, defined.timeZone(), now)));
                store.override(name, null).ifPresent(overrides::add);
                for (String p : new TreeMap<>(defined.personaLimits()).keySet()) {
                    store.override(name, p).ifPresent(overrides::add);
                }
            }
            if (table == null) {
                table = BudgetTables.usage(List.of(), java.time.ZoneOffset.UTC, now, false);
            }
            if (tenant != null && table.rows().isEmpty()) {
                err().println("tenant " + tenant + " has no budgets (set them with: somactl budget set --tenant "
                        + tenant + " ...)");
            }
            if (output.format() == OutputFormat.json || output.format() == OutputFormat.yaml) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("budgets", documents);
                document.put(
                        "overrides",
                        overrides.stream().map(BudgetShowCommand::override).toList());
                Documents.render(document, output.format(), out());
            } else {
                output.render(table, out());
                overrides.forEach(o -> err().println("override: " + o.scope() + " lifted until " + o.until() + " by "
                        + o.actor() + ": " + o.reason()));
            }
            err().flush();
            return ExitCode.OK;
        }
    }

    static Map<String, Object> override(BudgetOverride o) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("tenant", o.tenant());
        map.put("persona", o.persona());
        map.put("until", o.until().toString());
        map.put("actor", o.actor());
        map.put("reason", o.reason());
        map.put("created_at", o.createdAt().toString());
        return map;
    }

    private static Table append(Table into, Table more) {
        more.rows().forEach(r -> into.row(r.toArray()));
        return into;
    }
}
