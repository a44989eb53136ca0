package io.somactl.commands.support;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Every somactl command: prints only through picocli's streams (so the shell, tests and embedders
 * see everything) and takes {@code --verbose}.
 */
public abstract class SomactlCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Mixin
    protected VerbosityOptions verbosity;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Warnings (e.g. a secrets file others can read) go to stderr, once, before the output. */
    protected void warn(String message) {
        err().println("warning: "
                + io.somactl.core.text.Printable.message(io.somactl.core.text.Redaction.redact(message)));
        err().flush();
    }
}
