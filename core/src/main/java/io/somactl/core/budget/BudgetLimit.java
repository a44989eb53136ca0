package io.somactl.core.budget;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * One limit of a tenant or persona: for a period (daily, monthly) and a metric, the hard limit, the
 * warning steps in percent (e.g. 80, 90, 95) and the action when a request would pass the limit.
 * A scope has at most one limit per (period, metric): {@link #id()}.
 *
 * <p>Usage may reach the limit exactly; a request that would take it past is refused (or
 * downgraded). A warning step is reached when usage is at least {@code ceil(limit × step / 100)}
 * base units: whole tokens, pico-dollars, GPU micro-seconds.
 */
public record BudgetLimit(
        Period period,
        Metric metric,
        WindowKind window,
        BigDecimal limit,
        List<BigDecimal> warn,
        LimitAction action,
        String downgradeTo) {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public BudgetLimit {
        if (period == null || metric == null || window == null || limit == null || action == null) {
            throw new IllegalArgumentException(
                    "a budget limit needs a period, a metric, a window, a limit and an action");
        }
        if (limit.signum() > 0 && limit.compareTo(metric.maxLimit()) > 0) {
            throw new IllegalArgumentException(
                    "limit of " + period.cliName() + " " + metric.cliName() + " " + Metric.shown(limit)
                            + " is too large: at most " + metric.maxLimit().toPlainString() + " " + metric.unit());
        }
        metric.toBaseUnits(limit);
        if (limit.signum() == 0) {
            throw new IllegalArgumentException("limit of " + period.cliName() + " " + metric.cliName()
                    + " must be more than 0 (to stop all use, set a tiny limit with --action pause)");
        }
        limit = Metric.plain(limit);
        List<BigDecimal> steps = new ArrayList<>();
        for (BigDecimal step : warn == null ? List.<BigDecimal>of() : warn) {
            if (step.signum() <= 0 || step.compareTo(HUNDRED) >= 0) {
                throw new IllegalArgumentException(
                        "warning step " + step.toPlainString() + "% must be above 0 and below 100");
            }
            BigDecimal normalized = Metric.plain(step);
            if (steps.stream().anyMatch(s -> s.compareTo(normalized) == 0)) {
                throw new IllegalArgumentException("warning step " + step.toPlainString() + "% is given twice");
            }
            steps.add(normalized);
        }
        steps.sort(BigDecimal::compareTo);
        warn = List.copyOf(steps);
        if (action == LimitAction.DOWNGRADE && (downgradeTo == null || downgradeTo.isBlank())) {
            throw new IllegalArgumentException(
                    "action downgrade needs the model to downgrade to (--downgrade-to MODEL)");
        }
        if (action != LimitAction.DOWNGRADE && downgradeTo != null && !downgradeTo.isBlank()) {
            throw new IllegalArgumentException(
                    "--downgrade-to only goes with action downgrade (this limit's action is " + action.cliName() + ")");
        }
        downgradeTo = action == LimitAction.DOWNGRADE ? downgradeTo.strip() : null;
    }

    /** {@code daily:total-tokens}: unique within a scope. */
    public String id() {
        return id(period, metric);
    }

    public static String id(Period period, Metric metric) {
        return period.cliName() + ":" + metric.cliName();
    }

    public BigInteger limitUnits() {
        return metric.toBaseUnits(limit);
    }

    /** Each warning step as the base-unit amount that reaches it, rounded up. */
    public List<BigInteger> stepUnits() {
        BigDecimal units = new BigDecimal(limitUnits());
        return warn.stream()
                .map(step -> units.multiply(step)
                        .divide(HUNDRED, 0, RoundingMode.CEILING)
                        .toBigIntegerExact())
                .toList();
    }

    /** {@code calendar day}, {@code rolling 24h}, … as people read it. */
    public String windowName() {
        return switch (window) {
            case CALENDAR -> period == Period.DAILY ? "calendar day" : "calendar month";
            case ROLLING -> period == Period.DAILY ? "rolling 24h" : "rolling 30d";
        };
    }
}
