package io.somactl.core.spend;

import java.math.BigDecimal;

/** One group's spend: requests, tokens and exact cost (USD, 12 decimals). */
public record SpendRow(String group, long requests, long inputTokens, long outputTokens, BigDecimal costUsd) {}
