package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input to the score and route commands: exit 2 and one line that says what to give, before any server is asked. */
class ScoreCommandsTest {
    // nothing listens there: a command that got past its checks would fail with exit 3, not 2
    private static final Map<String, String> ENV = Map.of(
            "HOME",
            "/nonexistent-home",
            "SOMACTL_CLICKHOUSE_URL",
            "http://127.0.0.1:9",
            "SOMACTL_REDIS_URI",
            "redis://127.0.0.1:9");

    private static void usage(String expected, String... args) {
        Run run = Run.of(ENV, args);
        assertEquals(2, run.exitCode(), run.describe());
        String first = run.err().lines().findFirst().orElse("");
        assertTrue(first.contains(expected), "the error line should say " + expected + ": " + run.describe());
    }

    @Test
    void badWeightsWindowsAndDimensionsAreUsageErrors() {
        usage("unknown score component 'speed'", "score", "models", "--weight", "speed=1");
        usage("expected KEY=WEIGHT", "score", "models", "--weight", "cost");
        usage("weights are numbers >= 0", "score", "models", "--weight", "cost=-1");
        usage("not a number of hours or days", "score", "models", "--window", "3x");
        usage(
                "give --window or --since/--until, not both",
                "score",
                "models",
                "--window",
                "24h",
                "--since",
                "2023-11-16");
        usage("unknown dimension 'model'", "score", "models", "--by", "model");
        usage("threshold > 0", "score", "anomalies", "--threshold", "0");
        usage("not low, medium or high", "route", "--tenant", "acme", "--complexity", "extreme", "--candidates", "a,b");
    }
}
