package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PersonaOption;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.SessionTables;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TableRenderer;
import io.somactl.commands.support.TenantOption;
import io.somactl.commands.support.Times;
import io.somactl.core.sessions.SessionStore;
import io.somactl.core.sessions.SessionSummary;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", description = "Sessions, most recent last event first (default: all of them, at most --limit).")
public final class SessionsListCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Mixin
    private TenantOption tenantOption;

    @Mixin
    private PersonaOption personaOption;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Only sessions with an event at or after TIME: RFC 3339, a date (UTC) or a span (24h, 7d).")
    private String since;

    @Option(
            names = "--limit",
            defaultValue = "100",
            description = "At most this many sessions (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Override
    public Integer call() {
        Instant from = since == null ? null : Times.instant(spec, "--since", since, Instant.now(), false);
        var sessions = services()
                .sessionStore()
                .list(new SessionStore.Filter(tenantOption.value(), personaOption.value(), from, limit));
        TableRenderer.render(table(sessions, output.format()), output.format(), out());
        return ExitCode.OK;
    }

    /** The sessions as this command prints them (and {@code serve}'s {@code GET /v1/sessions}). */
    static Table table(List<SessionSummary> sessions, OutputFormat format) {
        return SessionTables.list(sessions, format);
    }
}
