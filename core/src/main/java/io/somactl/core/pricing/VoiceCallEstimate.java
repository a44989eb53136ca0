package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The cost of a whole voice call from its totals (for {@code cost estimate}): the call is priced as
 * one usage, so each component is quantized once over the call, with cost per minute of call.
 *
 * @param call the call's totals (media seconds is the call's length)
 * @param cost the call's cost by component
 */
public record VoiceCallEstimate(VoiceTurnUsage call, VoiceCost cost) {
    private static final BigDecimal SECONDS_PER_MINUTE = BigDecimal.valueOf(60);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public VoiceCallEstimate {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(cost, "cost");
    }

    /**
     * Prices a call's totals with the rates (and tenant terms) in effect at {@code call.ts()}, as one
     * connection: media seconds are rounded as the catalog's {@code media_rounding} says.
     */
    public static VoiceCallEstimate of(Pricer pricer, VoiceTurnUsage call) {
        return new VoiceCallEstimate(call, pricer.priceCall(call));
    }

    /** Prices a call from its totals. */
    public static VoiceCallEstimate of(
            Pricer pricer,
            String tenant,
            Instant at,
            BigDecimal sttSeconds,
            long llmInputTokens,
            long llmOutputTokens,
            long ttsCharacters,
            BigDecimal mediaSeconds) {
        return of(
                pricer,
                new VoiceTurnUsage(
                        tenant, at, sttSeconds, llmInputTokens, llmOutputTokens, ttsCharacters, mediaSeconds));
    }

    /** Exact call cost at storage precision. */
    public BigDecimal total() {
        return cost.total();
    }

    /**
     * Cost per minute of call: {@code total / (media seconds / 60)}, rounded once to cents for
     * presentation; empty for a call with no media seconds.
     */
    public Optional<BigDecimal> costPerMinute() {
        if (call.mediaSeconds().signum() == 0) {
            return Optional.empty();
        }
        return Optional.of(Money.presentQuotient(cost.total().multiply(SECONDS_PER_MINUTE), call.mediaSeconds()));
    }

    /** The components in pipeline order: stt, llm, tts, media. */
    public List<Line> breakdown() {
        return List.of(
                line("stt", cost.stt()), line("llm", cost.llm()), line("tts", cost.tts()), line("media", cost.media()));
    }

    private Line line(String component, BigDecimal amount) {
        BigDecimal share = cost.total().signum() == 0
                ? BigDecimal.ZERO.setScale(1)
                : amount.multiply(HUNDRED).divide(cost.total(), 1, RoundingMode.HALF_EVEN);
        return new Line(component, amount, share);
    }

    /**
     * One component of the estimate.
     *
     * @param cost exact cost at storage precision
     * @param sharePercent share of the call total, one decimal (display only)
     */
    public record Line(String component, BigDecimal cost, BigDecimal sharePercent) {
        /** The cost rounded to cents. */
        public BigDecimal presented() {
            return Money.present(cost);
        }
    }
}
