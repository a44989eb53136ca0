package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The voice pipeline rates from {@code effectiveFrom}: speech-to-text per second of audio, the
 * voice LLM per 1M input/output tokens, text-to-speech per 1,000 characters, and media transport
 * per minute.
 */
public record VoicePricePeriod(
        Instant effectiveFrom,
        BigDecimal sttPerSecond,
        BigDecimal llmInputPerMillion,
        BigDecimal llmOutputPerMillion,
        BigDecimal ttsPerThousandCharacters,
        BigDecimal mediaPerMinute) {
    public VoicePricePeriod {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(sttPerSecond, "sttPerSecond");
        Objects.requireNonNull(llmInputPerMillion, "llmInputPerMillion");
        Objects.requireNonNull(llmOutputPerMillion, "llmOutputPerMillion");
        Objects.requireNonNull(ttsPerThousandCharacters, "ttsPerThousandCharacters");
        Objects.requireNonNull(mediaPerMinute, "mediaPerMinute");
    }
}
