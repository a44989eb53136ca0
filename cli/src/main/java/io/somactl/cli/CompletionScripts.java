package io.somactl.cli;

import io.somactl.commands.support.CompletionGenerator;
import io.somactl.commands.support.Invocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Run by the build: writes bash, zsh and fish completion scripts generated from the command tree. */
public final class CompletionScripts {
    private CompletionScripts() {}

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        Files.createDirectories(directory);
        CommandLine tree = tree();
        for (String shell : CompletionGenerator.SHELLS) {
            Files.writeString(
                    directory.resolve(CompletionGenerator.fileName(shell, tree)),
                    CompletionGenerator.script(shell, tree),
                    StandardCharsets.UTF_8);
        }
    }

    static CommandLine tree() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return CommandTree.create(new SomactlRoot(new Invocation(Map.of())), sink, sink);
    }
}
