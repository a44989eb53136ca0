package io.somactl.cli;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.ServerCommand;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
        return create(root, out, err, factory, SomactlRoot.COMMANDS);
    }

    /**
     * The tree a one-shot command line needs: only the command its first word names (or none for
     * {@code --version}), so a short command does not pay for building every command's model; anything
     * else (no command, {@code --help}, an unknown or misspelt word, {@code completion}) gets the whole tree, so help, the
     * list of commands and "did you mean" are as before.
     */
    public static CommandLine forArguments(SomactlRoot root, PrintWriter out, PrintWriter err, String... args) {
        List<Class<?>> only = SomactlRoot.COMMANDS;
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            only = List.of();
        } else if (args.length > 0 && !args[0].equals("completion")) { // completion prints the whole tree
            for (Class<?> command : SomactlRoot.COMMANDS) {
                Command annotation = command.getAnnotation(Command.class);
                if (annotation.name().equals(args[0])
                        || Arrays.asList(annotation.aliases()).contains(args[0])) {
                    only = List.of(command);
                    break;
                }
            }
        }
        return create(root, out, err, CommandLine.defaultFactory(), only);
    }

    private static CommandLine create(
            SomactlRoot root, PrintWriter out, PrintWriter err, CommandLine.IFactory factory, List<Class<?>> commands) {
        CommandLine commandLine = new CommandLine(root, factory);
        for (Class<?> command : commands) {
            try {
                commandLine.addSubcommand(new CommandLine(factory.create(command), factory));
            } catch (Exception e) {
                throw new IllegalStateException("cannot create " + command.getName(), e);
            }
        }
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
