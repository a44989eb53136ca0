package io.somactl.core.pricing;

import static io.somactl.core.pricing.TestCatalogs.assertUsd;
import static io.somactl.core.pricing.TestCatalogs.at;
import static io.somactl.core.pricing.TestCatalogs.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoicePricingTest {
    private final Pricer pricer = PricingCatalog.loadBundled().pricer();

    /**
     * A call priced with the vendors' published rates, worked by hand: 150 s of audio transcribed
     * (Deepgram $0.0043 per minute), 2,000 / 500 LLM tokens (Groq $0.05 / $0.08 per 1M), 1,200
     * characters spoken (Cartesia $0.037375 per 1K) and 150 s of media (LiveKit $0.004 per started
     * minute: 3 minutes).
     */
    @Test
    void aVoiceCallCostsWhatTheVendorsPublishedRatesSay() {
        VoiceCallEstimate call = VoiceCallEstimate.of(
                pricer, "acme", at("2026-12-02T10:00:00Z"), usd("150"), 2000, 500, 1200, usd("150"));
        List<VoiceCallEstimate.Line> lines = call.breakdown();
        assertUsd(
                "0.01075",
                lines.get(0).cost(),
                "STT: 2.5 min x $0.0043/min (not 150 s x $0.0043: that is 60 times more)");
        assertUsd("0.00014", lines.get(1).cost(), "LLM: 2000 x $0.05/1M + 500 x $0.08/1M = 0.0001 + 0.00004");
        assertUsd("0.04485", lines.get(2).cost(), "TTS: 1200 chars x $0.037375/1K");
        assertUsd("0.012", lines.get(3).cost(), "media: 150 s is 3 started minutes x $0.004");
        assertUsd("0.06774", call.total(), "0.01075 + 0.00014 + 0.04485 + 0.012");
    }

    @Test
    void oneTurnOfACallIsPricedByItsExactMediaSecondsNotRoundedUp() {
        VoiceCost turn = pricer.price(
                new VoiceTurnUsage("acme", at("2026-12-02T10:00:00Z"), usd("150"), 2000, 500, 1200, usd("150")));
        assertUsd("0.01", turn.media(), "a turn is not a connection: 150 s x $0.004/60 s, no started-minute rounding");
        assertUsd("0.06574", turn.total(), "0.01075 + 0.00014 + 0.04485 + 0.01");
    }

    @Test
    void voiceTurnIsPricedAtTheVendorRatesByHand() {
        VoiceTurnUsage turn =
                new VoiceTurnUsage("acme", at("2023-11-16T10:00:00Z"), usd("3.2"), 120, 40, 180, usd("5.0"));
        VoiceCost cost = pricer.price(turn);
        assertEquals(
                new BigDecimal("0.000229333333"),
                cost.stt(),
                "3.2 s x $0.0043/60 s = 0.01376/60, quantized to 12 places");
        assertUsd("0.0000092", cost.llm(), "120 x $0.05/1M (0.000006) + 40 x $0.08/1M (0.0000032)");
        assertUsd("0.0067275", cost.tts(), "180 chars x $0.037375/1K");
        assertEquals(
                new BigDecimal("0.000333333333"), cost.media(), "5.0 s x $0.004/min = 0.02/60, quantized to 12 places");
        assertEquals(
                new BigDecimal("0.007299366666"),
                cost.total(),
                "0.000229333333 + 0.0000092 + 0.0067275 + 0.000333333333");
        assertEquals("2026-12-02.1", cost.pricingVersion());
    }

    @Test
    void emptyVoiceTurnCostsNothing() {
        VoiceCost cost =
                pricer.price(new VoiceTurnUsage("acme", at("2023-11-16T10:00:00Z"), usd("0"), 0, 0, 0, usd("0")));
        assertEquals(Money.ZERO, cost.total(), "no usage, no cost");
    }

    @Test
    void callEstimateBreaksDownTheCostAndCostPerMinute() {
        // A 3-minute call: 90 s transcribed, 6000 in / 1500 out tokens, 2400 TTS characters.
        VoiceCallEstimate estimate = VoiceCallEstimate.of(
                pricer, "acme", at("2026-11-02T00:00:00Z"), usd("90"), 6000, 1500, 2400, usd("180"));
        List<VoiceCallEstimate.Line> lines = estimate.breakdown();
        assertEquals(
                List.of("stt", "llm", "tts", "media"),
                lines.stream().map(VoiceCallEstimate.Line::component).toList());
        assertUsd("0.00645", lines.get(0).cost(), "1.5 min x $0.0043/min");
        assertUsd("0.00042", lines.get(1).cost(), "6000 x $0.05/1M + 1500 x $0.08/1M");
        assertUsd("0.0897", lines.get(2).cost(), "2400 chars x $0.037375/1K");
        assertUsd("0.012", lines.get(3).cost(), "3 min x $0.004/min");
        assertUsd("0.10857", estimate.total(), "call total");
        assertEquals(
                new BigDecimal("0.04"), estimate.costPerMinute().orElseThrow(), "0.10857 / 3 min = 0.03619 -> $0.04");
        assertEquals(new BigDecimal("0.01"), lines.get(0).presented(), "STT presented in cents");
        assertEquals(new BigDecimal("5.9"), lines.get(0).sharePercent(), "STT share of the call");
    }

    @Test
    void callWithoutMediaHasNoCostPerMinute() {
        VoiceCallEstimate estimate =
                VoiceCallEstimate.of(pricer, "acme", at("2026-11-02T00:00:00Z"), usd("1"), 0, 0, 0, usd("0"));
        assertTrue(estimate.costPerMinute().isEmpty(), "cost per minute is undefined for a zero-length call");
    }

    private static final String VOICE_ONLY = """
            version: "v"
            currency: USD
            models: {}
            voice:
              - effective_from: "2023-01-01T00:00:00Z"
                %s
                llm_input_per_million: 0
                llm_output_per_million: 0
                tts_per_thousand_characters: 0
                media_per_minute: 0.006
                %s
            """;

    @Test
    void sttPerSecondStaysATruePerSecondRate() {
        Pricer p = PricingCatalog.parse(VOICE_ONLY.formatted("stt_per_second: 0.0001", ""), "t")
                .pricer();
        VoiceCost c = p.price(new VoiceTurnUsage("t", at("2024-01-01T00:00:00Z"), usd("90"), 0, 0, 0, usd("0")));
        assertUsd("0.009", c.stt(), "90 s x $0.0001 per second");
    }

    @Test
    void sttPerMinuteAndPerSecondAreTheSameRateWhenSixtyTimesApart() {
        Pricer perMinute = PricingCatalog.parse(VOICE_ONLY.formatted("stt_per_minute: 0.006", ""), "m")
                .pricer();
        Pricer perSecond = PricingCatalog.parse(VOICE_ONLY.formatted("stt_per_second: 0.0001", ""), "s")
                .pricer();
        VoiceTurnUsage u = new VoiceTurnUsage("t", at("2024-01-01T00:00:00Z"), usd("37.3"), 0, 0, 0, usd("0"));
        assertEquals(perSecond.price(u).stt(), perMinute.price(u).stt(), "$0.006/min is $0.0001/s");
    }

    @Test
    void aVoicePeriodNamesItsSttPriceExactlyOnce() {
        PricingCatalogException both = assertThrows(
                PricingCatalogException.class,
                () -> PricingCatalog.parse(
                        VOICE_ONLY.formatted("stt_per_minute: 0.006\n    stt_per_second: 0.0001", ""), "both"));
        assertTrue(both.getMessage().contains("voice[0].stt_per_minute: give the STT price once"), both.getMessage());
        PricingCatalogException none = assertThrows(
                PricingCatalogException.class, () -> PricingCatalog.parse(VOICE_ONLY.formatted("", ""), "none"));
        assertTrue(
                none.getMessage().contains("voice[0].stt_per_minute: missing price (USD per minute"),
                none.getMessage());
    }

    @Test
    void mediaRoundingPerStartedMinuteBillsAWholeCallInStartedMinutes() {
        Pricer rounded = PricingCatalog.parse(
                        VOICE_ONLY.formatted("stt_per_minute: 0", "media_rounding: per_started_minute"), "r")
                .pricer();
        Pricer exact = PricingCatalog.parse(VOICE_ONLY.formatted("stt_per_minute: 0", ""), "e")
                .pricer();
        VoiceTurnUsage tenSeconds = new VoiceTurnUsage("t", at("2024-01-01T00:00:00Z"), usd("0"), 0, 0, 0, usd("10"));
        VoiceTurnUsage seventy = new VoiceTurnUsage("t", at("2024-01-01T00:00:00Z"), usd("0"), 0, 0, 0, usd("70"));
        VoiceTurnUsage sixty = new VoiceTurnUsage("t", at("2024-01-01T00:00:00Z"), usd("0"), 0, 0, 0, usd("60"));
        assertUsd("0.006", rounded.priceCall(tenSeconds).media(), "LiveKit: 10 s is billed as 1 minute");
        assertUsd("0.012", rounded.priceCall(seventy).media(), "LiveKit: 70 s is billed as 2 minutes");
        assertUsd("0.006", rounded.priceCall(sixty).media(), "exactly one minute stays one minute");
        assertUsd("0.001", exact.priceCall(tenSeconds).media(), "without rounding: 10 s x $0.006/60 s");
        assertUsd("0.001", rounded.price(tenSeconds).media(), "a single turn is never rounded up");
        PricingCatalogException bad = assertThrows(
                PricingCatalogException.class,
                () -> PricingCatalog.parse(
                        VOICE_ONLY.formatted("stt_per_minute: 0", "media_rounding: per_minute"), "bad"));
        assertTrue(
                bad.getMessage().contains("voice[0].media_rounding: unknown media rounding 'per_minute'"),
                bad.getMessage());
    }
}
