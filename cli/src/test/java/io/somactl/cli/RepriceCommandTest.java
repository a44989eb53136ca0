package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code somactl reprice}: what it refuses before it asks a server anything. */
class RepriceCommandTest {
    private static final String[] RANGE = {"--since", "2023-11-16", "--until", "2023-11-17"};

    private static Run run(Map<String, String> environment, String... args) {
        String[] all = new String[args.length + RANGE.length + 1];
        all[0] = "reprice";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(RANGE, 0, all, 1 + args.length, RANGE.length);
        return Run.of(environment, all);
    }

    @Test
    void withoutATerminalItNeedsYesOrDryRun() {
        Run run = run(Map.of("HOME", "/nonexistent-home"));
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("not a terminal: add --yes to apply, or --dry-run"), run.describe());
    }

    @Test
    void aClusterContextIsRefusedWithAReason() {
        Run run = run(Map.of("HOME", "/nonexistent-home", "SOMACTL_CLICKHOUSE_CLUSTER", "prod_cluster"), "--dry-run");
        assertEquals(1, run.exitCode(), run.describe());
        assertTrue(run.err().contains("reprice does not support a ClickHouse cluster yet"), run.describe());
    }

    @Test
    void aRangeIsRequired() {
        Run run = Run.of(Map.of("HOME", "/nonexistent-home"), "reprice", "--dry-run");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("which period?"), run.describe());
    }
}
