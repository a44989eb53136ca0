package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.SessionTables;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TableRenderer;
import io.somactl.commands.support.TenantOption;
import io.somactl.core.sessions.SessionSummary;
import io.somactl.core.text.Printable;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "show",
        description =
                "One session: its totals, the cost of each response in order with the running total, and its escalations with their estimated extra cost.")
public final class SessionsShowCommand extends ServerCommand {
    @Parameters(paramLabel = "SESSION_ID", description = "The session id.")
    private String sessionId;

    @Mixin
    private TenantOption tenantOption;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        List<SessionSummary> found = services().sessionStore().show(tenantOption.value(), sessionId);
        if (found.isEmpty()) {
            err().println("error: no session " + Printable.quote(sessionId)
                    + (tenantOption.value() == null ? "" : " of tenant " + Printable.quote(tenantOption.value()))
                    + " in PostgreSQL; 'somactl sessions list' shows recent ones");
            err().flush();
            return ExitCode.FAILURE;
        }
        if (found.size() > 1) {
            err().println("error: session " + Printable.quote(sessionId) + " exists for " + found.size()
                    + " tenants; name one with --tenant");
            err().flush();
            return ExitCode.USAGE;
        }
        SessionSummary s = found.get(0);
        if (output.format() == OutputFormat.table) {
            TableRenderer.render(SessionTables.details(s), OutputFormat.table, out());
            out().println();
            TableRenderer.render(SessionTables.responses(s), OutputFormat.table, out());
            if (!s.escalations().isEmpty()) {
                out().println();
                TableRenderer.render(
                        SessionTables.escalations(s.escalations(), OutputFormat.table), OutputFormat.table, out());
            }
        } else {
            output.render(table(found, output.format()), out());
        }
        out().flush();
        return ExitCode.OK;
    }

    /** The session found, as this command prints it with -o json|csv|yaml (and {@code serve}'s {@code GET /v1/sessions/ID}). */
    static Table table(List<SessionSummary> found, OutputFormat format) {
        return SessionTables.list(found, format);
    }
}
