package io.somactl.core.calls;

import java.math.BigDecimal;
import java.time.Instant;

/** One turn of a voice call as stored (nullable measurements stay null). */
public record CallTurn(
        Long turnIndex,
        Instant ts,
        Double sttTtfbMs,
        Double llmLatencyMs,
        Double ttsTtfbMs,
        Double eouLatencyMs,
        Double sttSeconds,
        Long ttsCharacters,
        Double mediaSeconds,
        Long interruptions,
        Long inputTokens,
        Long outputTokens,
        String outcome,
        Double sentiment,
        BigDecimal costUsd) {}
