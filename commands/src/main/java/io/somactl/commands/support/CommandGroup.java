package io.somactl.commands.support;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A noun that only groups verbs ({@code schema apply}); called alone it says which verbs there are. */
public abstract class CommandGroup implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "'" + spec.qualifiedName() + "' needs a subcommand: "
                        + String.join(", ", spec.subcommands().keySet()));
    }
}
