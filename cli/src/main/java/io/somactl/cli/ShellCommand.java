package io.somactl.cli;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.Invocation;
import io.somactl.commands.support.SomactlCommand;
import io.somactl.core.config.ConfigLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "shell", description = {
    "An interactive session over the same commands, with completion and history.",
    "Ctrl-C cancels the running command or the line, Ctrl-D leaves."})
public final class ShellCommand extends SomactlCommand {
    @Option(names = "--context", paramLabel = "NAME", description = "Context for this session (the prompt shows it).")
    private String context;

    @Override
    public Integer call() throws IOException {
        Invocation invocation = ((Invocation.Holder) spec.root().userObject()).invocation();
        if (context != null) {
            invocation.useSessionContext(context);
        }
        Path history = ConfigLocation.stateDirectory(invocation.environment()).resolve("history");
        Files.createDirectories(history.getParent());
        try (Terminal terminal = TerminalBuilder.builder().name("somactl").build()) {
            CommandLine tree = CommandTree.create(new SomactlRoot(invocation), terminal.writer(), terminal.writer());
            Completer completer = completer(tree);
            DefaultParser parser = new DefaultParser();
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .completer(completer)
                    .parser(parser)
                    .variable(LineReader.HISTORY_FILE, history)
                    .build();
            Thread worker = Thread.currentThread();
            terminal.handle(Terminal.Signal.INT, signal -> worker.interrupt());
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt(invocation));
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return ExitCode.OK;
                }
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (trimmed.equals("exit") || trimmed.equals("quit")) {
                    return ExitCode.OK;
                }
                tree.execute(parser.parse(trimmed, trimmed.length()).words().stream()
                        .filter(word -> !word.isEmpty()).toArray(String[]::new));
                Thread.interrupted();
            }
        }
    }

    /** Completion over the command tree: subcommands, options and their values. */
    static Completer completer(CommandLine tree) {
        return new CommandTreeCompleter(tree);
    }

    private static String prompt(Invocation invocation) {
        return "somactl (" + invocation.sessionContext().orElse("current context") + ")> ";
    }
}
