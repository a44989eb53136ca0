package io.somactl.commands;

import io.somactl.commands.support.CommandGroup;
import picocli.CommandLine.Command;

@Command(
        name = "sessions",
        description =
                "Per-session summaries kept in PostgreSQL (postgres.url): requests, tokens, cost per response, escalations.",
        subcommands = {SessionsListCommand.class, SessionsShowCommand.class, SessionsRebuildCommand.class})
public final class SessionsCommand extends CommandGroup {}
