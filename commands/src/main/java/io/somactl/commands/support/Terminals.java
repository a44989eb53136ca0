package io.somactl.commands.support;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether stdin and stdout are a terminal. From Java 22 {@code System.console()} is never null, so
 * {@code Console.isTerminal()} decides there; Java 21 lacks that method and a null console says it.
 */
public final class Terminals {
    private Terminals() {}

    /**
     * Whether a terminal understands ANSI escapes (clear to end of line, colours): not under {@code TERM=dumb}
     * (Emacs shells, some CI consoles), which show them as garbage.
     */
    public static boolean ansi(java.util.Map<String, String> environment) {
        return !"dumb".equals(environment.get("TERM"));
    }

    /** The environment of this command run: the embedder's or test's ({@link Invocation}), else the process's. */
    public static java.util.Map<String, String> environment(picocli.CommandLine.Model.CommandSpec spec) {
        Object root = spec == null ? null : spec.root().userObject();
        return root instanceof Invocation.Holder holder ? holder.invocation().environment() : System.getenv();
    }

    public static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
