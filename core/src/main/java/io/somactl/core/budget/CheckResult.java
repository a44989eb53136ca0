package io.somactl.core.budget;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * What {@code budget check} answers: the decision, the budgets measured, whether the request was
 * reserved (and until when), the override in force, or, when Redis did not answer, which fail
 * policy decided.
 *
 * @param checked false when Redis did not answer and the fail policy decided
 * @param problem why Redis could not be asked (empty when checked)
 */
public record CheckResult(
        BudgetRequest request,
        Decision decision,
        String downgradeTo,
        String reason,
        List<BudgetUsage> budgets,
        boolean reserved,
        String reservationId,
        Instant reservedUntil,
        Optional<BudgetOverride> override,
        ZoneId timeZone,
        boolean checked,
        String policy,
        String problem) {

    public static CheckResult unchecked(BudgetRequest request, boolean failOpen, String problem) {
        String policy = failOpen ? "fail-open" : "fail-closed";
        Decision decision = failOpen ? Decision.ALLOW : Decision.PAUSE;
        String reason = "budgets not checked: Redis did not answer (" + problem + "); budget.redis-unavailable="
                + policy + (failOpen ? " lets the request through" : " refuses it");
        return new CheckResult(
                request,
                decision,
                null,
                reason,
                List.of(),
                false,
                null,
                null,
                Optional.empty(),
                ZoneOffset.UTC,
                false,
                policy,
                problem);
    }
}
