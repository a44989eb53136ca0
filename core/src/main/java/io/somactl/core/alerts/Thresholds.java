package io.somactl.core.alerts;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A warning and a critical threshold, reached at or above them, or at or below them when
 * {@code below} (a quality that is bad when low, such as MOS).
 */
public record Thresholds(String rule, BigDecimal warning, BigDecimal critical, boolean below, String unit) {
    public Thresholds {
        boolean inverted = below ? warning.compareTo(critical) < 0 : warning.compareTo(critical) > 0;
        if (inverted) {
            throw new IllegalArgumentException(rule + ": warning " + warning.toPlainString() + " is "
                    + (below ? "below" : "above") + " critical " + critical.toPlainString());
        }
        unit = unit == null ? "" : unit;
    }

    public AlertState state(BigDecimal value) {
        int toCritical = value.compareTo(critical);
        int toWarning = value.compareTo(warning);
        if (below ? toCritical <= 0 : toCritical >= 0) {
            return AlertState.CRITICAL;
        }
        return (below ? toWarning <= 0 : toWarning >= 0) ? AlertState.WARNING : AlertState.OK;
    }

    /** e.g. "(warning at 1%, critical at 5%)" or "(warning at or below 3.5, critical at or below 3)". */
    public String describe() {
        String at = below ? " at or below " : " at ";
        return "(warning" + at + warning.toPlainString() + unit + ", critical" + at + critical.toPlainString() + unit
                + ")";
    }

    /** What the thresholds apply to, for a summary: "below 1%" or "above 3.5". */
    public String okSide() {
        return (below ? "above " : "below ") + warning.toPlainString() + unit;
    }

    public String format(BigDecimal value) {
        BigDecimal rounded = value.scale() > 3 ? value.setScale(3, RoundingMode.HALF_EVEN) : value;
        return rounded.stripTrailingZeros().toPlainString() + unit;
    }
}
