package io.somactl.core.budget;

import java.time.Instant;

/**
 * One line of the budget audit log: who did what to which budget, when and why.
 *
 * @param action {@code limit_set}, {@code limit_removed}, {@code time_zone_set}, {@code override},
 *               {@code override_cleared} or {@code reset}
 * @param persona empty for a tenant's own budgets
 */
public record AuditEntry(
        Instant ts,
        String actor,
        String action,
        String tenant,
        String persona,
        String budget,
        String before,
        String after,
        String reason) {
    public static final String LIMIT_SET = "limit_set";
    public static final String LIMIT_REMOVED = "limit_removed";
    public static final String TIME_ZONE_SET = "time_zone_set";
    public static final String OVERRIDE = "override";
    public static final String OVERRIDE_CLEARED = "override_cleared";
    public static final String RESET = "reset";
}
