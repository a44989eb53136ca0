package io.somactl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * somactl in a real pseudo-terminal: a tmux server of its own (socket {@code -L name}) running {@code java ... Main ARGS}
 * with this JVM's classpath, driven by send-keys and read by capture-pane.
 */
final class Tmux implements AutoCloseable {
    private final String socket;

    private Tmux(String socket) {
        this.socket = socket;
    }

    /** Starts {@code somactl args} in a {@code columns x rows} window with {@code environment} (and HOME) set. */
    static Tmux start(String socket, Path home, Map<String, String> environment, int columns, int rows, String... args)
            throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("#!/bin/sh\n");
        for (Map.Entry<String, String> e : environment.entrySet()) {
            script.append("export ")
                    .append(e.getKey())
                    .append("='")
                    .append(e.getValue().replace("'", "'\\''"))
                    .append("'\n");
        }
        script.append("export HOME='")
                .append(home)
                .append("'\ncd '")
                .append(home)
                .append("'\n");
        script.append("exec '")
                .append(ProcessHandle.current().info().command().orElse("java"))
                .append("' -cp '")
                .append(System.getProperty("java.class.path"))
                .append("' io.somactl.cli.Main");
        for (String arg : args) {
            script.append(" '").append(arg).append("'");
        }
        script.append(" 2> '").append(home.resolve("stderr.log")).append("'\n");
        Path file = home.resolve("somactl-in-tmux.sh");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        Tmux tmux = new Tmux(socket);
        tmux.tmux(
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "main",
                "-x",
                String.valueOf(columns),
                "-y",
                String.valueOf(rows),
                file.toString());
        return tmux;
    }

    void send(String... keys) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("send-keys", "-t", "main"));
        command.addAll(List.of(keys));
        tmux(command.toArray(String[]::new));
    }

    /** Types text literally (no key names). */
    void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", "main", "-l", text);
    }

    String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", "main");
    }

    boolean running() throws IOException, InterruptedException {
        return run(List.of("tmux", "-L", socket, "has-session", "-t", "main")).exitCode == 0;
    }

    /** Waits until the screen satisfies {@code done}; fails with the last screen after {@code timeout}. */
    String await(String what, Duration timeout, Predicate<String> done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            if (!running()) {
                throw new AssertionError("somactl ended before " + what + "; last screen:\n" + screen);
            }
            screen = screen();
            if (done.test(screen)) {
                return screen;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + what + " within " + timeout + "; screen:\n" + screen);
    }

    boolean awaitExit(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!running()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Result result = run(command);
        if (result.exitCode != 0) {
            throw new IOException(String.join(" ", command.subList(0, Math.min(command.size(), 6))) + " failed: "
                    + result.output);
        }
        return result.output;
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("tmux", "-L", socket, "kill-server"));
    }
}
