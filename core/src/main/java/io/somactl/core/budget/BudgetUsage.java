package io.somactl.core.budget;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;

/**
 * One budget measured: its usage in the window, the live reservations against it and the request
 * being asked about (zero for {@code budget show}), all in the metric's base units.
 *
 * @param persona null for a tenant-wide budget
 * @param overridden an unexpired override covers this budget
 */
public record BudgetUsage(
        String tenant,
        String persona,
        BudgetLimit limit,
        BudgetWindow window,
        BigInteger used,
        BigInteger reserved,
        BigInteger request,
        boolean overridden) {

    /** Usage, reservations and the request together. */
    public BigInteger after() {
        return used.add(reserved).add(request);
    }

    /** True when the request would take usage past the limit (reaching it exactly is allowed). */
    public boolean over() {
        return after().compareTo(limit.limitUnits()) > 0;
    }

    /** The highest warning step reached (in percent), or null. */
    public BigDecimal stepReached() {
        List<BigInteger> steps = limit.stepUnits();
        BigInteger after = after();
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (after.compareTo(steps.get(i)) >= 0) {
                return limit.warn().get(i);
            }
        }
        return null;
    }

    /** What this budget alone says about the request. */
    public Decision decision() {
        if (over()) {
            return overridden ? Decision.WARN : Decision.of(limit.action());
        }
        return stepReached() != null ? Decision.WARN : Decision.ALLOW;
    }

    /** Whether this budget refuses the request (and so it is not reserved). */
    public boolean refuses() {
        return over() && !overridden && limit.action().refuses();
    }

    /** Usage with reservations and request as a share of the limit, in percent, one decimal (half-even). */
    public BigDecimal percent() {
        return new BigDecimal(after())
                .multiply(BigDecimal.valueOf(100))
                .divide(new BigDecimal(limit.limitUnits()), 1, RoundingMode.HALF_EVEN);
    }

    /** One word: {@code ok}, {@code warn-80%}, {@code over}, or {@code over-lifted} (an override is in force). */
    public String state() {
        if (over()) {
            return overridden ? "over-lifted" : "over";
        }
        BigDecimal step = stepReached();
        return step == null ? "ok" : "warn-" + step.toPlainString() + "%";
    }

    /** {@code acme} or {@code acme/support-agent}. */
    public String scope() {
        return persona == null ? tenant : tenant + "/" + persona;
    }

    public BigDecimal usedAmount() {
        return limit.metric().fromBaseUnits(used);
    }

    public BigDecimal reservedAmount() {
        return limit.metric().fromBaseUnits(reserved);
    }

    public BigDecimal requestAmount() {
        return limit.metric().fromBaseUnits(request);
    }

    public BigDecimal afterAmount() {
        return limit.metric().fromBaseUnits(after());
    }
}
