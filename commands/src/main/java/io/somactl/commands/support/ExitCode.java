package io.somactl.commands.support;

/** somactl's exit codes. README's table and every command's --help list come from here. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int UNAVAILABLE = 3;
    public static final int INVALID_DATA = 4;
    public static final int INTERRUPTED = 130;

    /** For picocli's {@code exitCodeList}: shown at the end of every --help. */
    public static final String[] HELP_LIST = {
        "0:ok",
        "1:failed (the message says why)",
        "2:usage or configuration error",
        "3:a server (Kafka, ClickHouse, Redis) did not answer",
        "4:invalid input data",
        "130:interrupted (Ctrl-C)",
    };

    private ExitCode() {}
}
