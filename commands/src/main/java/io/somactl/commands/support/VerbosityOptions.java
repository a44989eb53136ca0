package io.somactl.commands.support;

import picocli.CommandLine.Option;

/** {@code --verbose}: the error handler then prints the cause chain and stack trace. */
public final class VerbosityOptions {
    public static final String FLAG = "--verbose";

    @Option(
            names = {"-v", FLAG},
            description = "On failure, print the cause chain and stack trace.")
    private boolean verbose;

    public boolean verbose() {
        return verbose;
    }
}
