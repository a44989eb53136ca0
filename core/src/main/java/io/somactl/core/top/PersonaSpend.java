package io.somactl.core.top;

import java.math.BigDecimal;

/** A persona of a tenant and its spend today (UTC), exact. */
public record PersonaSpend(String tenant, String persona, BigDecimal todayUsd, long requestsToday) {}
