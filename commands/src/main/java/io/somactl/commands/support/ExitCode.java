package io.somactl.commands.support;

/** somactl's exit codes. README's table and every command's --help list come from here. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int UNAVAILABLE = 3;
    public static final int INVALID_DATA = 4;
    /** budget check: go ahead, a warning step is reached. */
    public static final int BUDGET_WARN = 10;
    /** budget check: go ahead with the cheaper model named in the output. */
    public static final int BUDGET_DOWNGRADE = 11;
    /** budget check: refused until the window resets or an override (also: Redis down under fail-closed). */
    public static final int BUDGET_PAUSE = 12;
    /** budget check: refused unless a person approves. */
    public static final int BUDGET_REQUIRE_APPROVAL = 13;
    public static final int INTERRUPTED = 130;

    /** For picocli's {@code exitCodeList}: shown at the end of every --help. */
    public static final String[] HELP_LIST = {
        "0:ok",
        "1:failed (the message says why)",
        "2:usage or configuration error",
        "3:a server (Kafka, ClickHouse, Redis) did not answer",
        "4:invalid input data",
        "10:budget check: warn (go ahead; a warning step is reached)",
        "11:budget check: downgrade (go ahead with the model named)",
        "12:budget check: pause (refused; also Redis down under fail-closed)",
        "13:budget check: require-approval (refused unless approved)",
        "130:interrupted (Ctrl-C); ingest stops cleanly instead and exits 0",
    };

    private ExitCode() {}
}
