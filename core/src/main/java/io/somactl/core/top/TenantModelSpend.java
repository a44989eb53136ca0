package io.somactl.core.top;

import java.math.BigDecimal;

/** A tenant's spend on one model in the last hour and today (UTC), exact, and today's requests. */
public record TenantModelSpend(
        String tenant, String model, BigDecimal lastHourUsd, BigDecimal todayUsd, long requestsToday) {}
