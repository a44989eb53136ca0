package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One voice turn (or, for estimates, a whole call's totals): seconds of audio transcribed, voice-LLM
 * tokens, characters synthesized, and seconds of media transport.
 */
public record VoiceTurnUsage(
        String tenant,
        Instant ts,
        BigDecimal sttSeconds,
        long llmInputTokens,
        long llmOutputTokens,
        long ttsCharacters,
        BigDecimal mediaSeconds) {
    public VoiceTurnUsage {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(ts, "ts");
        Checks.quantity("sttSeconds", sttSeconds);
        Checks.count("llmInputTokens", llmInputTokens);
        Checks.count("llmOutputTokens", llmOutputTokens);
        Checks.count("ttsCharacters", ttsCharacters);
        Checks.quantity("mediaSeconds", mediaSeconds);
    }
}
