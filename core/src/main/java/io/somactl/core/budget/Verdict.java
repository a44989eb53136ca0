package io.somactl.core.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The decision over all budgets a request falls under: the most severe one wins; among equals, the
 * budget with the largest share used. A refusal or downgrade names its budget, the limit, the usage
 * and when the window resets.
 */
public record Verdict(Decision decision, Optional<BudgetUsage> deciding, String downgradeTo, String reason) {

    public static Verdict of(List<BudgetUsage> budgets, ZoneId zone, Instant now) {
        Comparator<BudgetUsage> severity =
                Comparator.comparing(BudgetUsage::decision).thenComparing(BudgetUsage::percent);
        Optional<BudgetUsage> deciding = budgets.stream().max(severity);
        if (deciding.isEmpty()) {
            return new Verdict(Decision.ALLOW, Optional.empty(), null, "no budget applies");
        }
        BudgetUsage budget = deciding.get();
        Decision decision = budget.decision();
        String model = decision == Decision.DOWNGRADE ? budget.limit().downgradeTo() : null;
        return new Verdict(decision, deciding, model, reason(budget, zone, now));
    }

    static String reason(BudgetUsage budget, ZoneId zone, Instant now) {
        BudgetLimit limit = budget.limit();
        String name = budget.scope() + " " + limit.period().cliName() + " "
                + limit.metric().cliName();
        String figures =
                "limit " + limit.limit().toPlainString() + " " + limit.metric().unit() + ", used "
                        + budget.usedAmount().toPlainString() + " + reserved "
                        + budget.reservedAmount().toPlainString()
                        + " + this request " + budget.requestAmount().toPlainString() + " = "
                        + budget.percent().toPlainString() + "%";
        String state = switch (budget.decision()) {
            case ALLOW -> "within budget " + name;
            case WARN ->
                budget.over()
                        ? "budget " + name + " is exceeded but lifted by an override"
                        : "budget " + name + " reached its "
                                + budget.stepReached().toPlainString() + "% warning";
            case DOWNGRADE -> "budget " + name + " would be exceeded: use " + limit.downgradeTo();
            case REQUIRE_APPROVAL -> "budget " + name + " would be exceeded: needs approval";
            case PAUSE -> "budget " + name + " would be exceeded: paused";
        };
        return state + " (" + figures + "; " + resets(budget.window(), zone, now) + ")";
    }

    /** {@code resets 2023-11-17T00:00+01:00 (in 5h 12m)} or, for rolling windows, when the oldest hour leaves. */
    public static String resets(BudgetWindow window, ZoneId zone, Instant now) {
        String at = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(window.end().atZone(zone));
        String in = human(window.untilEnd(now));
        return window.kind() == WindowKind.ROLLING
                ? "rolling " + window.label() + ": its oldest hour leaves at " + at + " (in " + in + ")"
                : "resets " + at + " (in " + in + ")";
    }

    /** {@code 2d3h}, {@code 5h12m}, {@code 42m}, {@code 30s}: one word, for tables. */
    public static String compact(Duration duration) {
        return human(duration).replace(" ", "");
    }

    /** {@code 2d 3h}, {@code 5h 12m}, {@code 42m}, {@code 30s}. */
    public static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        return minutes > 0 ? minutes + "m" : seconds + "s";
    }
}
