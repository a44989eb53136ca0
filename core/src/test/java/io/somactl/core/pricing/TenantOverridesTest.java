package io.somactl.core.pricing;

import static io.somactl.core.pricing.TestCatalogs.assertUsd;
import static io.somactl.core.pricing.TestCatalogs.at;
import static io.somactl.core.pricing.TestCatalogs.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TenantOverridesTest {
    private final Pricer pricer = TestCatalogs.overrides().pricer();

    private SlmCost slm(String tenant, String model, String when) {
        // 1000 input, 500 output, 10 GPU seconds (list: 0.001 + 0.001 + 0.01).
        return pricer.price(new SlmUsage(tenant, model, "self_hosted", at(when), 1000, 0, 0, 500, 0, usd("10")));
    }

    private VoiceCost voice(String tenant, String when) {
        return pricer.price(new VoiceTurnUsage(tenant, at(when), usd("3.2"), 120, 40, 180, usd("5.0")));
    }

    @Test
    void tenantWithoutOverridesPaysListPrices() {
        SlmCost cost = slm("someone-else", "m-list", "2024-03-01T00:00:00Z");
        assertUsd("0.001", cost.input(), "list input");
        assertUsd("0.001", cost.output(), "list output");
        assertUsd("0.01", cost.gpu(), "list GPU");
    }

    @Test
    void discountAppliesToTokenAndGpuCosts() {
        SlmCost cost = slm("tenth-off", "m-list", "2024-03-01T00:00:00Z");
        assertUsd("0.0009", cost.input(), "input with 10% off");
        assertUsd("0.0009", cost.output(), "output with 10% off");
        assertUsd("0.009", cost.gpu(), "GPU with 10% off");
        assertUsd("0.0108", cost.total(), "total with 10% off");
    }

    @Test
    void discountAppliesToEscalations() {
        EscalationCost cost =
                pricer.price(new EscalationUsage("tenth-off", "m-custom", at("2024-03-01T00:00:00Z"), 1000, 0, 0));
        assertUsd("0.0027", cost.input(), "1000 x $3/1M with 10% off");
    }

    @Test
    void discountStartsAtItsEffectiveInstantAndEndsWithTheNextPeriod() {
        assertUsd("0.001", slm("tenth-off", "m-list", "2023-12-31T23:59:59Z").input(), "before the deal: list price");
        assertUsd(
                "0.0009",
                slm("tenth-off", "m-list", "2024-01-01T00:00:00Z").input(),
                "from the deal's start: discounted");
        assertUsd("0.0009", slm("tenth-off", "m-list", "2024-05-31T23:59:59Z").input(), "last second of the deal");
        assertUsd(
                "0.001",
                slm("tenth-off", "m-list", "2024-06-01T00:00:00Z").input(),
                "an empty later period ends the deal");
    }

    @Test
    void discountDoesNotApplyToVoiceUnlessFlagged() {
        assertEquals(
                new BigDecimal("0.016802533333"),
                voice("tenth-off", "2024-03-01T00:00:00Z").total(),
                "tenth-off has no voice flag: list voice rates");
    }

    @Test
    void flaggedDiscountAppliesToVoiceBeforeTheSingleRounding() {
        VoiceCost cost = voice("negotiated", "2024-03-01T00:00:00Z");
        assertUsd("0.011008", cost.stt(), "0.01376 with 20% off");
        assertUsd("0.00000736", cost.llm(), "0.0000092 with 20% off");
        assertUsd("0.00216", cost.tts(), "0.0027 with 20% off");
        // exact 0.016/60 = 0.0002666...; discounting the rounded list cost would give ...666 instead of ...667.
        assertEquals(new BigDecimal("0.000266666667"), cost.media(), "media with 20% off, quantized once");
    }

    @Test
    void customRateReplacesListPriceAndIsNotDiscounted() {
        SlmCost cost = slm("negotiated", "m-custom", "2024-03-01T00:00:00Z");
        assertUsd("0.002", cost.input(), "custom $2/1M, not list $3/1M, and no 20% on top");
        assertUsd("0.002", cost.output(), "custom $4/1M");
        assertUsd("0.008", cost.gpu(), "GPU still gets the tenant's 20% discount");
    }

    @Test
    void discountStillAppliesToModelsWithoutCustomRates() {
        SlmCost cost = slm("negotiated", "m-list", "2024-03-01T00:00:00Z");
        assertUsd("0.0008", cost.input(), "list $1/1M with 20% off");
    }

    @Test
    void customRateAppliesOnlyFromItsEffectiveInstant() {
        assertUsd("0.003", slm("negotiated", "m-custom", "2023-12-31T23:59:59Z").input(), "list price before the deal");
    }

    @Test
    void hundredPercentDiscountMakesListPricedUsageFree() {
        PricingCatalog catalog = PricingCatalog.parse(TestCatalogs.OVERRIDES + """
                  free:
                    - {effective_from: "2024-01-01T00:00:00Z", discount_percent: 100, discount_applies_to_voice: true}
                """, "with free tenant");
        Pricer p = catalog.pricer();
        Instant ts = at("2024-03-01T00:00:00Z");
        assertEquals(
                Money.ZERO,
                p.price(new SlmUsage("free", "m-list", "self_hosted", ts, 10, 10, 10, 10, 10, usd("5")))
                        .total());
        assertEquals(
                Money.ZERO,
                p.price(new VoiceTurnUsage("free", ts, usd("3"), 1, 1, 1, usd("3")))
                        .total());
    }
}
