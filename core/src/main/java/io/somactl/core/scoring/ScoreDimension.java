package io.somactl.core.scoring;

import java.util.Locale;

/** What {@code score models --by} splits the ranking by. Escalation targets have no deployment mode: {@code -}. */
public enum ScoreDimension {
    TENANT("toString(tenant)", "toString(tenant)"),
    PERSONA("toString(persona)", "toString(persona)"),
    DEPLOYMENT_MODE("toString(deployment_mode)", "'-'");

    private final String slmColumn;
    private final String escalationColumn;

    ScoreDimension(String slmColumn, String escalationColumn) {
        this.slmColumn = slmColumn;
        this.escalationColumn = escalationColumn;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    String slmColumn() {
        return slmColumn;
    }

    String escalationColumn() {
        return escalationColumn;
    }

    public static ScoreDimension parse(String text) {
        for (ScoreDimension d : values()) {
            if (d.key().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("--by: unknown dimension '" + text + "' (tenant, persona, deployment_mode)");
    }
}
