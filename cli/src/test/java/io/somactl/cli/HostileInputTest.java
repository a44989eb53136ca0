package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.testing.HostileStrings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a fault and abuse probe typed: values that do not convert, limits no budget can hold, and names
 * of 10,000 characters, with newlines, escapes or a right-to-left override. Each is refused with one
 * plain line (no Java class names) that quotes the input escaped and cut, before any server is asked:
 * the servers here are unreachable ports, so reaching one would exit 3, not 2.
 */
class HostileInputTest {
    @TempDir
    Path home;

    private Run run(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.toString());
        env.put("SOMACTL_REDIS_URI", "redis://127.0.0.1:1");
        env.put("SOMACTL_CLICKHOUSE_URL", "http://127.0.0.1:1");
        env.put("SOMACTL_KAFKA_BOOTSTRAP_SERVER", "127.0.0.1:1");
        env.put("SOMACTL_TIMEOUT", "1s");
        return Run.of(env, args);
    }

    private Run budgetSet(String limit) {
        return run(
                "budget",
                "set",
                "--tenant",
                "acme",
                "--period",
                "daily",
                "--metric",
                "total-tokens",
                "--limit",
                limit,
                "--action",
                "pause");
    }

    private static void assertPlainOneLine(Run run) {
        String error = run.err().lines().findFirst().orElse("");
        assertTrue(error.startsWith("error: "), run.describe());
        assertFalse(
                run.err().contains("java.")
                        || run.err().contains("Exception")
                        || run.err().contains("BigDecimal"),
                "no Java class names in a usage error\n" + run.describe());
    }

    @Test
    void aValueThatIsNotANumberIsSaidInPlainWords() {
        Run abc = budgetSet("abc");
        assertEquals(2, abc.exitCode(), abc.describe());
        assertEquals(
                "error: --limit: 'abc' is not a number",
                abc.err().lines().findFirst().orElse(""),
                abc.describe());
        assertPlainOneLine(abc);
        for (String notFinite : List.of("NaN", "Infinity", "-Infinity", "1e")) {
            Run run = budgetSet(notFinite);
            assertEquals(2, run.exitCode(), run.describe());
            assertEquals(
                    "error: --limit: '" + notFinite + "' is not a number",
                    run.err().lines().findFirst().orElse(""));
        }
        Run warn = run(
                "budget",
                "set",
                "--tenant",
                "acme",
                "--period",
                "daily",
                "--metric",
                "total-tokens",
                "--limit",
                "5",
                "--action",
                "pause",
                "--warn",
                "80,x");
        assertEquals(2, warn.exitCode(), warn.describe());
        assertEquals(
                "error: --warn: 'x' is not a number",
                warn.err().lines().findFirst().orElse(""),
                warn.describe());
        Run partitions = run("topics", "create", "--partitions", "99999999999");
        assertEquals(2, partitions.exitCode(), partitions.describe());
        assertEquals(
                "error: --partitions: '99999999999' is not a whole number (at most 2147483647)",
                partitions.err().lines().findFirst().orElse(""),
                partitions.describe());
        assertPlainOneLine(partitions);
        Run format = run("config", "view", "-o", "xml");
        assertEquals(2, format.exitCode(), format.describe());
        assertTrue(
                format.err().lines().findFirst().orElse("").contains("table, json, csv, yaml"),
                "a choice keeps picocli's list of what may be chosen\n" + format.describe());
    }

    @Test
    void aLimitOutsideTheDocumentedRangeIsRefusedBeforeRedisIsAsked() {
        Map<String, String> refusals = Map.of(
                "1e400", "limit of daily total-tokens 1E+400 is too large: at most 1000000000000000 tokens",
                "1e999999999", "limit of daily total-tokens 1E+999999999 is too large: at most 1000000000000000 tokens",
                "1000000000000001",
                        "limit of daily total-tokens 1000000000000001 is too large: at most 1000000000000000 tokens",
                "-5", "total-tokens amount must not be negative: -5",
                "1.5", "total-tokens amount 1.5 is finer than one token",
                "0", "limit of daily total-tokens must be more than 0");
        refusals.forEach((limit, message) -> {
            Run run = budgetSet(limit);
            assertEquals(
                    2, run.exitCode(), "--limit " + limit + " must be refused as a usage error\n" + run.describe());
            assertTrue(run.err().startsWith("error: " + message), "--limit " + limit + "\n" + run.describe());
        });
        Run cost = run(
                "budget",
                "set",
                "--tenant",
                "acme",
                "--period",
                "monthly",
                "--metric",
                "cost-usd",
                "--limit",
                "0.0000000000001",
                "--action",
                "pause");
        assertEquals(2, cost.exitCode(), cost.describe());
        assertTrue(
                cost.err()
                        .startsWith("error: cost-usd amount 0.0000000000001 is finer than a pico-dollar (12 decimals)"),
                cost.describe());
        Run dollars = run(
                "budget",
                "set",
                "--tenant",
                "acme",
                "--period",
                "monthly",
                "--metric",
                "cost-usd",
                "--limit",
                "1000000000000.01",
                "--action",
                "pause");
        assertTrue(
                dollars.err()
                        .startsWith(
                                "error: limit of monthly cost-usd 1000000000000.01 is too large: at most 1000000000000 USD"),
                dollars.describe());
        Run gpu = run(
                "budget",
                "set",
                "--tenant",
                "acme",
                "--period",
                "monthly",
                "--metric",
                "gpu-hours",
                "--limit",
                "2e9",
                "--action",
                "pause");
        assertTrue(
                gpu.err()
                        .startsWith(
                                "error: limit of monthly gpu-hours 2000000000 is too large: at most 1000000000 GPU hours"),
                gpu.describe());
    }

    @Test
    void aBudgetsFileWithAnAbsurdLimitIsRefusedNamingWhere() throws Exception {
        Path file = Files.writeString(home.resolve("budgets.yaml"), """
                tenants:
                  acme:
                    limits:
                      - {period: daily, metric: total-tokens, limit: 1e400, action: pause}
                """);
        Run apply = run("budget", "apply", "-f", file.toString(), "--dry-run");
        assertEquals(2, apply.exitCode(), apply.describe());
        assertTrue(
                apply.err()
                        .startsWith("error: " + file
                                + ": tenants.acme.limits[0]: limit of daily total-tokens 1E+400 is too large"),
                apply.describe());
    }

    @Test
    void hostileNamesAreEchoedQuotedEscapedAndCut() {
        List<String> hostile = new ArrayList<>(HostileStrings.ALL);
        hostile.add("x".repeat(10_000));
        hostile.add("evil\nerror: forged second line");
        for (String name : hostile) {
            List<Run> runs = List.of(
                    run(
                            "budget",
                            "set",
                            "--tenant",
                            name,
                            "--period",
                            "daily",
                            "--metric",
                            "total-tokens",
                            "--limit",
                            "5",
                            "--action",
                            "pause"),
                    run("budget", "show", name),
                    run("budget", "check", "--tenant", name, "--tokens", "1"),
                    run("calls", "list", "--tenant", name),
                    run("tokens", "--tenant", name),
                    run("config", "use-context", name),
                    run("export", "billing", "--period", name),
                    run("aggregate", "--group-by", name),
                    run(
                            "budget",
                            "set",
                            "--tenant",
                            "acme",
                            "--metric",
                            name,
                            "--period",
                            "daily",
                            "--limit",
                            "5",
                            "--action",
                            "pause"));
            for (Run run : runs) {
                if (name.equals("plain") && run.exitCode() != 2) {
                    continue; // a valid name: whatever happens next is not about echoing it
                }
                assertEquals(2, run.exitCode(), run.describe());
                List<String> lines = run.err().lines().toList();
                assertTrue(
                        lines.get(0).startsWith("error: ")
                                && lines.stream().skip(1).noneMatch(l -> l.startsWith("error")),
                        "one error line, none forged\n" + run.describe());
                assertTrue(
                        run.err().codePoints().noneMatch(c -> c == 0x202E || c == 0x1b || c == 0 || c == '\r'),
                        "no control or bidi character reaches the terminal\n" + run.describe());
                assertTrue(
                        lines.get(0).length() < 400,
                        "the value is cut: " + lines.get(0).length() + " characters\n" + run.describe());
            }
        }
    }
}
