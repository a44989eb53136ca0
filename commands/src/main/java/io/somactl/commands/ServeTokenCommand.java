package io.somactl.commands;

import io.somactl.commands.support.CommandGroup;
import picocli.CommandLine.Command;

@Command(
        name = "token",
        description = "The server's bearer tokens, kept as SHA-256 hashes in secrets.yaml (serve.tokens).",
        subcommands = {
            ServeTokenCreateCommand.class,
            ServeTokenListCommand.class,
            ServeTokenRevokeCommand.class,
        })
public final class ServeTokenCommand extends CommandGroup {}
