package io.somactl.core.budget;

import java.time.Instant;

/** A manual lift of a tenant's (persona null) or a persona's budgets until a time, with who and why. */
public record BudgetOverride(
        String tenant, String persona, Instant until, String actor, String reason, Instant createdAt) {
    public String scope() {
        return persona == null ? tenant : tenant + "/" + persona;
    }
}
