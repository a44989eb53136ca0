package io.somactl.core.pricing;

import static io.somactl.core.pricing.TestCatalogs.assertUsd;
import static io.somactl.core.pricing.TestCatalogs.at;
import static io.somactl.core.pricing.TestCatalogs.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoicePricingTest {
    private final Pricer pricer = PricingCatalog.loadBundled().pricer();

    @Test
    void voiceTurnIsPricedAtTheVendorRatesByHand() {
        VoiceTurnUsage turn = new VoiceTurnUsage("acme", at("2023-11-16T10:00:00Z"), usd("3.2"), 120, 40, 180, usd("5.0"));
        VoiceCost cost = pricer.price(turn);
        assertUsd("0.01376", cost.stt(), "3.2 s x $0.0043/s");
        assertUsd("0.0000092", cost.llm(), "120 x $0.05/1M (0.000006) + 40 x $0.08/1M (0.0000032)");
        assertUsd("0.0027", cost.tts(), "180 chars x $0.015/1K");
        assertEquals(new BigDecimal("0.000333333333"), cost.media(), "5.0 s x $0.004/min = 0.02/60, quantized to 12 places");
        assertEquals(new BigDecimal("0.016802533333"), cost.total(),
                "0.01376 + 0.0000092 + 0.0027 + 0.000333333333");
        assertEquals("2026-11-01.1", cost.pricingVersion());
    }

    @Test
    void emptyVoiceTurnCostsNothing() {
        VoiceCost cost = pricer.price(new VoiceTurnUsage("acme", at("2023-11-16T10:00:00Z"), usd("0"), 0, 0, 0, usd("0")));
        assertEquals(Money.ZERO, cost.total(), "no usage, no cost");
    }

    @Test
    void callEstimateBreaksDownTheCostAndCostPerMinute() {
        // A 3-minute call: 90 s transcribed, 6000 in / 1500 out tokens, 2400 TTS characters.
        VoiceCallEstimate estimate = VoiceCallEstimate.of(pricer, "acme", at("2026-11-02T00:00:00Z"),
                usd("90"), 6000, 1500, 2400, usd("180"));
        List<VoiceCallEstimate.Line> lines = estimate.breakdown();
        assertEquals(List.of("stt", "llm", "tts", "media"), lines.stream().map(VoiceCallEstimate.Line::component).toList());
        assertUsd("0.387", lines.get(0).cost(), "90 s x $0.0043/s");
        assertUsd("0.00042", lines.get(1).cost(), "6000 x $0.05/1M + 1500 x $0.08/1M");
        assertUsd("0.036", lines.get(2).cost(), "2400 chars x $0.015/1K");
        assertUsd("0.012", lines.get(3).cost(), "3 min x $0.004/min");
        assertUsd("0.43542", estimate.total(), "call total");
        assertEquals(new BigDecimal("0.15"), estimate.costPerMinute().orElseThrow(), "0.43542 / 3 min = 0.14514 -> $0.15");
        assertEquals(new BigDecimal("0.39"), lines.get(0).presented(), "STT presented in cents");
        assertEquals(new BigDecimal("88.9"), lines.get(0).sharePercent(), "STT share of the call");
    }

    @Test
    void callWithoutMediaHasNoCostPerMinute() {
        VoiceCallEstimate estimate = VoiceCallEstimate.of(pricer, "acme", at("2026-11-02T00:00:00Z"),
                usd("1"), 0, 0, 0, usd("0"));
        assertTrue(estimate.costPerMinute().isEmpty(), "cost per minute is undefined for a zero-length call");
    }
}
