package io.somactl.commands;

import io.somactl.commands.support.BudgetServices;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TenantOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "release",
        description = {
            "Release a reservation made by budget check once the action is done or abandoned, so it stops counting",
            "against the tenant's budgets before its time-to-live ends (budget.reservation-ttl). Releasing one that is",
            "already gone (released, or expired) changes nothing and says so; the exit code is 0 either way."
        })
public final class BudgetReleaseCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Mixin
    private TenantOption tenantOption;

    @Parameters(
            paramLabel = "RESERVATION",
            description = "The reservation id budget check printed (reservation_id in JSON).")
    private String reservation;

    @Override
    public Integer call() {
        try (BudgetServices budgets = new BudgetServices(services())) {
            boolean released = budgets.checks().release(tenantOption.required(), reservation);
            if (!released) {
                err().println("no reservation " + reservation + " for tenant " + tenantOption.required()
                        + " (already released, or expired): nothing to release");
                err().flush();
            }
            output.render(table(tenantOption.required(), reservation, released), out());
            return ExitCode.OK;
        }
    }

    /** The answer, as a table (also what {@code somactl serve} answers a release with). */
    public static Table table(String tenant, String reservation, boolean released) {
        Table table = Table.withColumns("tenant", "reservation", "released");
        table.row(tenant, reservation, released);
        return table;
    }
}
