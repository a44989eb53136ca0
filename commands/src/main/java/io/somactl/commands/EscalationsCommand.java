package io.somactl.commands;

import io.somactl.commands.support.CommandGroup;
import picocli.CommandLine.Command;

@Command(
        name = "escalations",
        description =
                "Escalations to a larger model, each with its estimated extra cost over the model it replaced (PostgreSQL).",
        subcommands = {EscalationsListCommand.class})
public final class EscalationsCommand extends CommandGroup {}
