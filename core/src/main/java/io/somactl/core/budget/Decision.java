package io.somactl.core.budget;

/** The answer to "may I do this?", from mildest to most severe. */
public enum Decision {
    /** Go ahead. */
    ALLOW("allow"),
    /** Go ahead; a warning step is reached (or a limit is passed under an override). */
    WARN("warn"),
    /** Go ahead with the cheaper model named in the answer. */
    DOWNGRADE("downgrade"),
    /** Do not go ahead unless a person approves. */
    REQUIRE_APPROVAL("require-approval"),
    /** Do not go ahead until the window resets or an override lifts the budget. */
    PAUSE("pause");

    private final String cliName;

    Decision(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Whether the caller may go ahead (possibly with another model). */
    public boolean proceeds() {
        return this == ALLOW || this == WARN || this == DOWNGRADE;
    }

    public static Decision of(LimitAction action) {
        return switch (action) {
            case DOWNGRADE -> DOWNGRADE;
            case PAUSE -> PAUSE;
            case REQUIRE_APPROVAL -> REQUIRE_APPROVAL;
        };
    }
}
