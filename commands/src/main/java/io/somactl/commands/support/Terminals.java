package io.somactl.commands.support;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether stdin and stdout are a terminal. From Java 22 {@code System.console()} is never null, so
 * {@code Console.isTerminal()} decides there; Java 21 lacks that method and a null console says it.
 */
public final class Terminals {
    private Terminals() {}

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
