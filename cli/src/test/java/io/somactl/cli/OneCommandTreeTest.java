package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.commands.support.Invocation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A command line gets only the command it names (start-up, see bench/startup), and that changes nothing
 * it prints or returns: each is compared with the whole tree's answer.
 */
class OneCommandTreeTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/nonexistent-somactl-home");

    @Test
    void onlyTheNamedCommandIsBuilt() {
        CommandLine tree = CommandTree.forArguments(root(), sink(), sink(), "budget", "show", "acme");
        assertEquals(List.of("budget"), List.copyOf(tree.getSubcommands().keySet()));
        CommandLine whole = CommandTree.create(root(), sink(), sink());
        assertEquals(
                whole.getSubcommands().get("budget").getSubcommands().keySet(),
                tree.getSubcommands().get("budget").getSubcommands().keySet(),
                "the named command comes whole");
        assertEquals(
                0,
                CommandTree.forArguments(root(), sink(), sink(), "--version")
                        .getSubcommands()
                        .size());
        assertEquals(
                SomactlRoot.COMMANDS.size(),
                CommandTree.forArguments(root(), sink(), sink(), "--help")
                        .getSubcommands()
                        .size());
        assertEquals(
                SomactlRoot.COMMANDS.size(),
                CommandTree.forArguments(root(), sink(), sink(), "bugdet")
                        .getSubcommands()
                        .size());
    }

    @Test
    void helpUsageErrorsAndVersionReadAsFromTheWholeTree() {
        for (String[] args : new String[][] {
            {"budget", "show", "--help"},
            {"budget", "check", "--no-such-flag"},
            {"budget"},
            {"schema", "status", "--help"},
            {"config", "view", "extra"},
            {"bugdet", "show"},
            {"--help"},
            {},
            {"--version"},
            {"-V"},
            {"cost", "estimate", "--help"},
            {"completion", "bash"}
        }) {
            Run whole = whole(args);
            Run one = Run.of(ENV, args);
            assertEquals(
                    whole,
                    one,
                    String.join(" ", args) + "\nwhole tree:\n" + whole.describe() + "\none command:\n"
                            + one.describe());
        }
        assertTrue(Run.of(ENV, "--version").out().startsWith("somactl "));
    }

    private static Run whole(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err);
        int code =
                CommandTree.create(new SomactlRoot(new Invocation(ENV)), o, e).execute(args);
        o.flush();
        e.flush();
        return new Run(code, out.toString(), err.toString());
    }

    private static SomactlRoot root() {
        return new SomactlRoot(new Invocation(ENV));
    }

    private static PrintWriter sink() {
        return new PrintWriter(new StringWriter());
    }
}
