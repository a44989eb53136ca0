package io.somactl.commands;

import io.somactl.commands.support.CommandGroup;
import picocli.CommandLine.Command;

@Command(
        name = "config",
        description = "Contexts: named sets of server addresses, kubectl-style.",
        subcommands = {
            ConfigViewCommand.class,
            ConfigGetContextsCommand.class,
            ConfigUseContextCommand.class,
            ConfigSetContextCommand.class,
            ConfigDeleteContextCommand.class
        })
public final class ConfigCommand extends CommandGroup {}
