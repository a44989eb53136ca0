package io.somactl.core.budget;

import io.somactl.core.text.Printable;
import java.util.Locale;

/** What happens when a request would take usage past a hard limit. */
public enum LimitAction {
    /** Go on with a named cheaper model; the request is still reserved. */
    DOWNGRADE("downgrade", false),
    /** Refuse until the window resets or an override lifts the budget. */
    PAUSE("pause", true),
    /** Refuse unless a person approves (the caller asks; somactl records overrides). */
    REQUIRE_APPROVAL("require-approval", true);

    private final String cliName;
    private final boolean refuses;

    LimitAction(String cliName, boolean refuses) {
        this.cliName = cliName;
        this.refuses = refuses;
    }

    public String cliName() {
        return cliName;
    }

    /** Whether the request is refused (and so not reserved). */
    public boolean refuses() {
        return refuses;
    }

    public static LimitAction parse(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "downgrade" -> DOWNGRADE;
            case "pause" -> PAUSE;
            case "require-approval" -> REQUIRE_APPROVAL;
            default ->
                throw new IllegalArgumentException("unknown action " + Printable.quote(name)
                        + "; use downgrade (with --downgrade-to MODEL), pause or require-approval");
        };
    }
}
