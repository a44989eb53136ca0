package io.somactl.core.top;

import java.math.BigDecimal;

/** A tenant's spend summed over its models: last hour and today (UTC), exact, and today's requests. */
public record TenantSpend(String tenant, BigDecimal lastHourUsd, BigDecimal todayUsd, long requestsToday) {}
