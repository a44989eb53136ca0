package io.somactl.cli;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.ServerCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Builds the one command tree that main, the shell, completion and tests all use, and gives every
 * command the same help options, version and exit-code list.
 */
public final class CommandTree {
    private CommandTree() {}

    public static CommandLine create(SomactlRoot root, PrintWriter out, PrintWriter err) {
        return create(root, out, err, CommandLine.defaultFactory());
    }

    public static CommandLine create(SomactlRoot root, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        CommandLine commandLine = new CommandLine(root, factory);
        configure(commandLine.getCommandSpec());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionStrategy(CommandTree::executeAndClose);
        return commandLine;
    }

    /** Runs the command, then closes the services it opened (whatever the outcome). */
    private static int executeAndClose(CommandLine.ParseResult parseResult) {
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } finally {
            for (CommandLine parsed : parseResult.asCommandLineList()) {
                if (parsed.getCommand() instanceof ServerCommand command) {
                    command.closeServices();
                }
            }
        }
    }

    private static void configure(CommandSpec spec) {
        spec.mixinStandardHelpOptions(true);
        spec.versionProvider(new VersionProvider());
        if (spec.usageMessage().exitCodeList().isEmpty()) { // alerts probe keeps its own (Nagios) list
            spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList());
        }
        spec.usageMessage().sortOptions(false);
        spec.subcommands().values().forEach(sub -> configure(sub.getCommandSpec()));
    }
}
