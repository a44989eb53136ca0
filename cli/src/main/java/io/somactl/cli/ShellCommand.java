package io.somactl.cli;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.Invocation;
import io.somactl.commands.support.SomactlCommand;
import io.somactl.core.config.ConfigFile;
import io.somactl.core.config.ConfigLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
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

@Command(
        name = "shell",
        description = {
            "An interactive session over the same commands, with completion and history.",
            "Tab completes live values too: tenants and personas (Redis), models (pricing catalog), topics (Kafka), contexts.",
            "Ctrl-C cancels the running command or the line, Ctrl-D leaves; history is kept in $XDG_STATE_HOME/somactl/history."
        })
public final class ShellCommand extends SomactlCommand {
    /** The shell's terminal while a shell runs, for commands that take over the screen ({@code top}). */
    private static final AtomicReference<Terminal> TERMINAL = new AtomicReference<>();

    /** How long a cancelled command may take to stop before the prompt comes back anyway. */
    static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(3);

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
            TERMINAL.set(terminal);
            LiveValues live = LiveValues.of(invocation);
            live.prefetch(LiveValues.Kind.TENANTS);
            Completer completer = new CommandTreeCompleter(
                    CommandTree.create(new SomactlRoot(invocation), terminal.writer(), terminal.writer()), live);
            DefaultParser parser = new DefaultParser();
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .completer(completer)
                    .parser(parser)
                    .variable(LineReader.HISTORY_FILE, history)
                    .build();
            AtomicReference<Cancellable> running = new AtomicReference<>();
            terminal.handle(Terminal.Signal.INT, signal -> {
                Cancellable command = running.get();
                if (command != null) {
                    command.cancel();
                }
            });
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
                String[] words = parser.parse(trimmed, trimmed.length()).words().stream()
                        .filter(word -> !word.isEmpty())
                        .toArray(String[]::new);
                // a fresh tree per command: command objects keep state between runs (e.g. resolved connection
                // settings),
                // which would make one command's --redis-uri or an earlier context stick to the next
                run(
                        CommandTree.create(new SomactlRoot(invocation), terminal.writer(), terminal.writer()),
                        words,
                        running,
                        terminal);
            }
        } finally {
            TERMINAL.set(null);
        }
    }

    /** The running shell's terminal, if a shell runs in this JVM. */
    static java.util.Optional<Terminal> terminal() {
        return java.util.Optional.ofNullable(TERMINAL.get());
    }

    /**
     * Runs one command on its own thread, so Ctrl-C (which interrupts that thread) cancels the command and not
     * the shell; a command that does not stop within {@link #STOP_GRACE} is left to finish in the background.
     */
    private static void run(CommandLine tree, String[] words, AtomicReference<Cancellable> running, Terminal terminal) {
        Cancellable command = new Cancellable(
                Thread.ofPlatform().name("somactl-shell-command").daemon(true).unstarted(() -> tree.execute(words)));
        running.set(command);
        command.thread.start();
        try {
            while (command.thread.isAlive()) {
                command.thread.join(100);
                long cancelled = command.cancelledAt;
                if (cancelled != 0
                        && command.thread.isAlive()
                        && System.nanoTime() - cancelled > STOP_GRACE.toNanos()) {
                    terminal.writer().println("^C: the command is still stopping; back to the prompt");
                    terminal.writer().flush();
                    return;
                }
            }
        } catch (InterruptedException e) {
            command.cancel();
        } finally {
            running.set(null);
        }
    }

    private static final class Cancellable {
        final Thread thread;
        volatile long cancelledAt;

        Cancellable(Thread thread) {
            this.thread = thread;
        }

        void cancel() {
            cancelledAt = System.nanoTime();
            thread.interrupt();
        }
    }

    /** Completion over the command tree: subcommands, options and their values (no live values). */
    static Completer completer(CommandLine tree) {
        return new CommandTreeCompleter(tree, null);
    }

    /** {@code somactl (staging)> }: the session's context, else the config file's current one, else {@code default}. */
    static String prompt(Invocation invocation) {
        String context = invocation.sessionContext().orElseGet(() -> {
            try {
                String current = ConfigFile.load(ConfigLocation.defaultConfigFile(invocation.environment()))
                        .currentContext();
                return current == null || current.isBlank() ? "default" : current;
            } catch (RuntimeException unreadable) {
                return "default";
            }
        });
        return "somactl (" + context + ")> ";
    }
}
