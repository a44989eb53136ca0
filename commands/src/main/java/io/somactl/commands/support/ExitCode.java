package io.somactl.commands.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * somactl's exit codes. {@link Code} is the one list: the int constants below, every command's
 * --help list ({@link #helpList()}) and README's "Exit codes" table ({@link #readmeTable()}, checked
 * by a test) all come from it.
 */
public final class ExitCode {
    /** Every exit code, with what --help says and what README's table says. */
    public enum Code {
        OK(0, "ok", "ok"),
        FAILURE(
                1,
                "failed (the message says why)",
                "failed (the message says why); `doctor` with a server down; `schema status` not clean"),
        USAGE(
                2,
                "usage or configuration error",
                "usage or configuration error (unknown option, bad value, unknown context)"),
        UNAVAILABLE(
                3,
                "a server (Kafka, ClickHouse, Redis) did not answer",
                "a server (Kafka, ClickHouse, Redis, Prometheus, Alertmanager) did not answer; the one-line message names"
                        + " its address and what to do"),
        INVALID_DATA(
                4,
                "invalid input data",
                "invalid input data (`emit`: a line is invalid under `--strict`, or no line is valid)"),
        BUDGET_WARN(
                10,
                "budget check: warn (go ahead; a warning step is reached)",
                "`budget check`: warn — go ahead, a warning step is reached (or a limit is passed under an override)"),
        BUDGET_DOWNGRADE(
                11,
                "budget check: downgrade (go ahead with the model named)",
                "`budget check`: downgrade — go ahead with the model printed (`downgrade_to` in JSON)"),
        BUDGET_PAUSE(
                12,
                "budget check: pause (refused; also Redis down under fail-closed)",
                "`budget check`: pause — refused until the window resets; also Redis unreachable under `fail-closed`;"
                        + " `route` refused by a paused budget"),
        BUDGET_REQUIRE_APPROVAL(
                13,
                "budget check: require-approval (refused unless approved)",
                "`budget check`: require-approval — refused unless a person approves; `route` likewise"),
        INTERRUPTED(
                130,
                "interrupted (Ctrl-C); ingest stops cleanly instead and exits 0",
                "interrupted (Ctrl-C); not `ingest`: a worker asked to stop (Ctrl-C, SIGTERM) stores and commits its batch"
                        + " and exits 0");

        private final int value;
        private final String help;
        private final String readme;

        Code(int value, String help, String readme) {
            this.value = value;
            this.help = help;
            this.readme = readme;
        }

        public int value() {
            return value;
        }

        public String help() {
            return help;
        }

        public String readme() {
            return readme;
        }
    }

    public static final int OK = Code.OK.value;
    public static final int FAILURE = Code.FAILURE.value;
    public static final int USAGE = Code.USAGE.value;
    public static final int UNAVAILABLE = Code.UNAVAILABLE.value;
    public static final int INVALID_DATA = Code.INVALID_DATA.value;
    /** budget check: go ahead, a warning step is reached. */
    public static final int BUDGET_WARN = Code.BUDGET_WARN.value;
    /** budget check: go ahead with the cheaper model named in the output. */
    public static final int BUDGET_DOWNGRADE = Code.BUDGET_DOWNGRADE.value;
    /** budget check: refused until the window resets or an override (also: Redis down under fail-closed). */
    public static final int BUDGET_PAUSE = Code.BUDGET_PAUSE.value;
    /** budget check: refused unless a person approves. */
    public static final int BUDGET_REQUIRE_APPROVAL = Code.BUDGET_REQUIRE_APPROVAL.value;

    public static final int INTERRUPTED = Code.INTERRUPTED.value;

    private ExitCode() {}

    /** For picocli's {@code exitCodeList}: shown at the end of every --help, codes right-aligned. */
    public static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (Code code : Code.values()) {
            list.put(String.format("%4d", code.value), code.help);
        }
        return list;
    }

    /** README's "Exit codes" table, as Markdown. */
    public static String readmeTable() {
        StringBuilder table = new StringBuilder("| code | meaning |\n|---|---|\n");
        for (Code code : Code.values()) {
            table.append("| ")
                    .append(code.value)
                    .append(" | ")
                    .append(code.readme)
                    .append(" |\n");
        }
        return table.toString();
    }
}
