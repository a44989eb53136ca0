package io.somactl.commands;

import io.somactl.commands.support.CommandGroup;
import picocli.CommandLine.Command;

@Command(
        name = "topics",
        description = "The Kafka topics somactl reads and their dead-letter topics.",
        subcommands = {TopicsCreateCommand.class})
public final class TopicsCommand extends CommandGroup {}
