package io.somactl.commands;

import io.somactl.commands.support.CommandGroup;
import picocli.CommandLine.Command;

@Command(
        name = "schema",
        description = "ClickHouse migrations: apply them, see where they stand.",
        subcommands = {SchemaApplyCommand.class, SchemaStatusCommand.class})
public final class SchemaCommand extends CommandGroup {}
