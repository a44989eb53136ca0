package io.somactl.core.alerts;

/**
 * A probe rule's state, with the Nagios plugin exit code it maps to (0 ok, 1 warning, 2 critical,
 * 3 unknown), so cron jobs and monitoring agents can use {@code somactl alerts probe} directly.
 */
public enum AlertState {
    OK(0, 0),
    WARNING(1, 1),
    CRITICAL(2, 3),
    UNKNOWN(3, 2);

    private final int nagiosCode;
    private final int severity;

    AlertState(int nagiosCode, int severity) {
        this.nagiosCode = nagiosCode;
        this.severity = severity;
    }

    /** 0 ok, 1 warning, 2 critical, 3 unknown. */
    public int nagiosCode() {
        return nagiosCode;
    }

    /** Lower case, as printed: ok, warning, critical, unknown. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The worse of two states, in the order ok &lt; warning &lt; unknown &lt; critical (as Icinga ranks
     * service states): a rule that could not be checked outranks a warning, a critical outranks all.
     */
    public AlertState worse(AlertState other) {
        return other.severity > severity ? other : this;
    }

    /** True for warning and critical: the states that fire an alert. */
    public boolean firing() {
        return this == WARNING || this == CRITICAL;
    }
}
