package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.SessionTables;
import io.somactl.commands.support.TableRenderer;
import io.somactl.commands.support.TenantOption;
import io.somactl.commands.support.Times;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "list",
        description = {
            "Escalations, newest first: the model replaced (the SLM of the same request), the model escalated to, and the",
            "estimated extra cost (\"+$0.12\"): the escalation's cost minus the replaced model's price for the same tokens.",
            "'-' when the request's SLM event is not stored or its model had no price then."
        })
public final class EscalationsListCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Mixin
    private TenantOption tenantOption;

    @Option(
            names = "--session",
            paramLabel = "SESSION_ID",
            description = "Only this session's escalations (oldest first).")
    private String session;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Only escalations at or after TIME: RFC 3339, a date (UTC) or a span (24h, 7d).")
    private String since;

    @Option(
            names = "--limit",
            defaultValue = "100",
            description = "At most this many escalations (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Override
    public Integer call() {
        Instant from = since == null ? null : Times.instant(spec, "--since", since, Instant.now(), false);
        var escalations = services().sessionStore().escalations(tenantOption.value(), session, from, limit);
        TableRenderer.render(SessionTables.escalations(escalations, output.format()), output.format(), out());
        return ExitCode.OK;
    }
}
