package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/** Argument checks shared by the usage records. */
final class Checks {
    private Checks() {}

    static long count(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
        return value;
    }

    static BigDecimal quantity(String name, BigDecimal value) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value.toPlainString());
        }
        return value;
    }

    static BigDecimal cost(String name, BigDecimal value) {
        Objects.requireNonNull(value, name);
        return value;
    }
}
