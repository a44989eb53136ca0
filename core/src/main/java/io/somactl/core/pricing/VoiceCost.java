package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The cost of one {@link VoiceTurnUsage} in USD: speech-to-text, voice LLM (input and output tokens
 * together, quantized once), text-to-speech, media transport; {@code total} is their exact sum.
 */
public record VoiceCost(
        BigDecimal stt, BigDecimal llm, BigDecimal tts, BigDecimal media, BigDecimal total, String pricingVersion) {
    public VoiceCost {
        Checks.cost("stt", stt);
        Checks.cost("llm", llm);
        Checks.cost("tts", tts);
        Checks.cost("media", media);
        Checks.cost("total", total);
        Objects.requireNonNull(pricingVersion, "pricingVersion");
    }
}
