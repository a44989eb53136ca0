package io.somactl.commands;

import io.somactl.commands.support.Cell;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PricingOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.Times;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.sessions.PostgresSessionSink;
import io.somactl.core.sessions.SessionComputer;
import io.somactl.core.sessions.SessionRebuild;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "rebuild",
        description = {
            "Recomputes from ClickHouse every session (and voice call) with an event at or after --since, as ingest computes them,",
            "and replaces their rows in PostgreSQL (after Postgres lost them, or a new catalog). Safe while ingest runs."
        })
public final class SessionsRebuildCommand extends ServerCommand {
    @Option(
            names = "--since",
            required = true,
            paramLabel = "TIME",
            description = "RFC 3339, a date (UTC) or a span (24h, 7d).")
    private String since;

    @Mixin
    private PricingOptions pricing;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        services().postgres();
        Instant from = Times.instant(spec, "--since", since, Instant.now(), false);
        HttpClickHouse clickHouse = services().clickHouse();
        Pricer pricer = pricing.choose(settings()).catalog().pricer();
        PostgresSessionSink sink = services().postgresSessionSink(pricer).orElseThrow();
        try {
            SessionRebuild.Result result =
                    new SessionRebuild(new SessionComputer(clickHouse, pricer), sink).rebuild(from);
            if (output.forPeople()) {
                out().println("rebuilt " + result.sessions() + " sessions of " + result.tenants() + " tenants since "
                        + from);
                out().flush();
            } else { // fields: docs/output.md (sessions rebuild)
                output.render(
                        Table.withColumns("sessions", "tenants", "since")
                                .row(result.sessions(), result.tenants(), Cell.timestamp(from)),
                        out());
            }
        } finally {
            sink.close();
        }
        return ExitCode.OK;
    }
}
