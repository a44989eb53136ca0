package io.somactl.core.spend;

import java.math.BigDecimal;

/** One cell of spend grouped by two keys (e.g. tenant and model): requests, tokens and exact cost (USD, 12 decimals). */
public record SpendCell(
        String outer, String inner, long requests, long inputTokens, long outputTokens, BigDecimal costUsd) {}
