package io.somactl.core;

import java.util.Objects;

/** A password or token. It never prints itself: not in logs, not in {@code config view}. */
public final class Secret {
    private static final Secret NONE = new Secret("");
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? NONE : new Secret(value);
    }

    public static Secret none() {
        return NONE;
    }

    public boolean isSet() {
        return !value.isEmpty();
    }

    /** The clear text, for the one place that sends it to a server. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return isSet() ? "<redacted>" : "<none>";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
