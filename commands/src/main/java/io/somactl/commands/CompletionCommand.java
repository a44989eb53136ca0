package io.somactl.commands;

import io.somactl.commands.support.CompletionGenerator;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.SomactlCommand;
import io.somactl.core.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "completion",
        description = {
            "Print the shell completion script.",
            "bash: source <(somactl completion bash)    zsh: source <(somactl completion zsh)",
            "fish: somactl completion fish > ~/.config/fish/completions/somactl.fish"
        })
public final class CompletionCommand extends SomactlCommand {
    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.", completionCandidates = Shells.class)
    private String shell;

    @Override
    public Integer call() {
        if (!CompletionGenerator.SHELLS.contains(shell)) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "no completion for shell " + Printable.quote(shell) + "; choose bash, zsh or fish");
        }
        out().print(CompletionGenerator.script(shell, spec.root().commandLine()));
        out().flush();
        return ExitCode.OK;
    }

    static final class Shells implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return CompletionGenerator.SHELLS.iterator();
        }
    }
}
