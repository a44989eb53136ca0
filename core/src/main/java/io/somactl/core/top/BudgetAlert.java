package io.somactl.core.top;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A budget nearing or past a warning step: its scope ({@code acme} or {@code acme/support}), id
 * ({@code daily:cost-usd}), share used in percent, state ({@code ok}, {@code warn-80%}, {@code over}) and time to reset.
 */
public record BudgetAlert(
        String tenant, String scope, String budget, BigDecimal percent, String state, Duration resetsIn) {}
