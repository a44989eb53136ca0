package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing, help and usage errors: no server involved. */
class CommandLineTest {
    private static Run run(String... args) {
        return Run.of(Map.of("HOME", "/nonexistent-home"), args);
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        Run run = run("--help");
        assertEquals(0, run.exitCode(), run.describe());
        for (String command : new String[] {"doctor", "schema", "topics", "config", "completion", "shell"}) {
            assertTrue(run.out().contains(command), "--help does not mention " + command + "\n" + run.describe());
        }
        assertTrue(run.out().contains("Exit codes:") && run.out().contains("did not answer"), run.describe());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {
            {"doctor"},
            {"schema", "apply"},
            {"schema", "status"},
            {"topics", "create"},
            {"config", "view"},
            {"config", "set-context"},
            {"completion"},
            {"shell"}
        }) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            Run run = run(args);
            assertEquals(0, run.exitCode(), String.join(" ", command) + " --help failed\n" + run.describe());
            assertTrue(run.out().startsWith("Usage: somactl " + String.join(" ", command)), run.describe());
        }
    }

    @Test
    void versionNamesSomactlAndJava() {
        Run run = run("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("somactl ") && run.out().contains("Java "), run.describe());
    }

    @Test
    void aGroupWithoutASubcommandIsAUsageErrorNamingTheChoices() {
        Run run = run("schema");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("needs a subcommand: apply, status"), run.describe());
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithAPointerToHelp() {
        Run run = run("doctor", "--no-such-flag");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("Unknown option: '--no-such-flag'"), run.describe());
        assertTrue(run.err().contains("Run 'somactl doctor --help' for usage."), run.describe());
    }

    @Test
    void aBadTopicPlanIsAUsageError() {
        Run run = run("topics", "create", "--partitions", "0", "--bootstrap-server", "127.0.0.1:1", "--timeout", "1s");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("partitions must be at least 1"), run.describe());
    }

    @Test
    void aDedupWindowThatIsNoDurationIsAUsageErrorBeforeAnyServerIsAsked() {
        Run run = run("ingest", "--dedup-window", "a week", "--bootstrap-server", "127.0.0.1:1");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("--dedup-window: 'a week' is not a duration"), run.describe());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.describe());
    }

    @Test
    void completionRefusesAnUnknownShell() {
        Run run = run("completion", "tcsh");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("choose bash, zsh or fish"), run.describe());
    }
}
