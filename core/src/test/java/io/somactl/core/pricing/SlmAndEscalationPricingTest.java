package io.somactl.core.pricing;

import static io.somactl.core.pricing.TestCatalogs.assertUsd;
import static io.somactl.core.pricing.TestCatalogs.at;
import static io.somactl.core.pricing.TestCatalogs.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlmAndEscalationPricingTest {
    private final Pricer pricer = PricingCatalog.loadBundled().pricer();

    private static SlmUsage slm(
            String model, Instant ts, long in, long read, long write, long out, long reasoning, String gpuSeconds) {
        return new SlmUsage("acme", model, "self_hosted", ts, in, read, write, out, reasoning, usd(gpuSeconds));
    }

    @Test
    void slmRequestIsPricedAtTheModelsPriceOnItsDay() {
        // soma-slm-8b on 2023-11-16: 0.06 in / 0.12 out per 1M.
        SlmCost cost = pricer.price(slm("soma-slm-8b", at("2023-11-16T09:30:00Z"), 374, 0, 0, 44, 0, "0"));
        assertUsd("0.00002244", cost.input(), "374 input tokens x $0.06/1M");
        assertUsd("0.00000528", cost.output(), "44 output tokens x $0.12/1M");
        assertUsd("0", cost.gpu(), "no GPU seconds");
        assertUsd("0.00002772", cost.total(), "total");
        assertEquals("2026-12-02.1", cost.pricingVersion(), "the catalog version is recorded with the cost");
    }

    @Test
    void everyCostIsAtStoragePrecision() {
        SlmCost cost = pricer.price(slm("soma-slm-8b", at("2023-11-16T09:30:00Z"), 374, 0, 0, 44, 0, "0"));
        assertEquals(new BigDecimal("0.000027720000"), cost.total(), "costs carry exactly 12 decimal places");
        for (BigDecimal c : new BigDecimal[] {
            cost.input(), cost.cachedRead(), cost.cachedWrite(), cost.output(), cost.reasoning(), cost.gpu()
        }) {
            assertEquals(Money.STORAGE_SCALE, c.scale(), "component " + c + " should have scale 12");
        }
    }

    @Test
    void everyTokenClassIsPricedSeparately() {
        // 2023-11-16: 0.06 / 0.015 / 0.075 / 0.12 / 0.12 per 1M.
        SlmCost cost = pricer.price(slm("soma-slm-8b", at("2023-11-16T09:30:00Z"), 1000, 2000, 3000, 4000, 5000, "0"));
        assertUsd("0.00006", cost.input(), "input");
        assertUsd("0.00003", cost.cachedRead(), "cached read");
        assertUsd("0.000225", cost.cachedWrite(), "cached write");
        assertUsd("0.00048", cost.output(), "output");
        assertUsd("0.0006", cost.reasoning(), "reasoning");
        assertUsd("0.001395", cost.total(), "total");
    }

    @Test
    void gpuSecondsArePricedPerHourAndQuantizedOnce() {
        // self_hosted 2.10/h: 0.8 s -> 1.68/3600 = 0.000466666...; rounded once to 12 places.
        SlmCost cost = pricer.price(slm("soma-slm-8b", at("2023-11-16T09:30:00Z"), 374, 0, 0, 44, 0, "0.8"));
        assertEquals(new BigDecimal("0.000466666667"), cost.gpu(), "0.8 GPU-seconds at $2.10/h");
        assertEquals(new BigDecimal("0.000494386667"), cost.total(), "tokens 0.00002772 + GPU 0.000466666667");
    }

    @Test
    void edgeDeploymentUsesTheEdgeGpuPrice() {
        SlmUsage u = new SlmUsage("acme", "soma-slm-3b", "edge", at("2023-11-16T09:30:00Z"), 0, 0, 0, 0, 0, usd("1"));
        // 0.42/3600 = 0.000116666...
        assertEquals(new BigDecimal("0.000116666667"), pricer.price(u).gpu(), "1 GPU-second at $0.42/h");
    }

    @Test
    void newPriceAppliesFromItsEffectiveInstantExactly() {
        SlmCost lastOld = pricer.price(slm("soma-slm-8b", at("2023-11-16T23:59:59.999999999Z"), 374, 0, 0, 44, 0, "0"));
        SlmCost firstNew = pricer.price(slm("soma-slm-8b", at("2023-11-17T00:00:00Z"), 374, 0, 0, 44, 0, "0"));
        assertUsd("0.00002772", lastOld.total(), "one nanosecond before the cut, the old price applies");
        // 374 x 0.05/1M + 44 x 0.10/1M
        assertUsd("0.0000187", firstNew.input(), "at the cut instant, the new input price applies");
        assertUsd("0.0000044", firstNew.output(), "at the cut instant, the new output price applies");
        assertUsd("0.0000231", firstNew.total(), "total at the new price");
    }

    @Test
    void eventAtTheFirstEffectiveInstantIsPriced() {
        SlmCost cost = pricer.price(slm("soma-slm-3b", at("2023-06-01T00:00:00Z"), 1_000_000, 0, 0, 0, 0, "0"));
        assertUsd("0.02", cost.total(), "1M input tokens of soma-slm-3b at $0.02/1M");
    }

    @Test
    void contextAtTheTierThresholdIsPricedAtBasePrices() {
        // context = 100000 + 20000 + 8000 = 128000: not above 128000.
        SlmCost cost =
                pricer.price(slm("soma-slm-8b-long", at("2023-11-16T00:00:00Z"), 100000, 20000, 8000, 1000, 0, "0"));
        assertUsd("0.008", cost.input(), "base input 0.08/1M");
        assertUsd("0.0004", cost.cachedRead(), "base cached read 0.02/1M");
        assertUsd("0.0008", cost.cachedWrite(), "base cached write 0.10/1M");
        assertUsd("0.00016", cost.output(), "base output 0.16/1M");
    }

    @Test
    void contextOneTokenPastTheThresholdPricesAllTokensAtTheTier() {
        // context = 100001 + 20000 + 8000 = 128001 > 128000: every token at the tier.
        SlmCost cost =
                pricer.price(slm("soma-slm-8b-long", at("2023-11-16T00:00:00Z"), 100001, 20000, 8000, 1000, 0, "0"));
        assertUsd("0.01600016", cost.input(), "tier input 0.16/1M");
        assertUsd("0.0008", cost.cachedRead(), "tier cached read 0.04/1M");
        assertUsd("0.0016", cost.cachedWrite(), "tier cached write 0.20/1M");
        assertUsd(
                "0.00032",
                cost.output(),
                "tier output 0.32/1M (output tokens count for the tier price, not the threshold)");
    }

    @Test
    void highestThresholdExceededWins() {
        PricingCatalog catalog = PricingCatalog.parse("""
                version: "tiers"
                currency: USD
                models:
                  m:
                    - effective_from: "2023-01-01T00:00:00Z"
                      input: 1
                      cached_input_read: 1
                      cached_input_write: 1
                      output: 1
                      reasoning: 1
                      tiers:
                        - {above_context_tokens: 200, input: 3, cached_input_read: 3, cached_input_write: 3, output: 3, reasoning: 3}
                        - {above_context_tokens: 100, input: 2, cached_input_read: 2, cached_input_write: 2, output: 2, reasoning: 2}
                """, "tiers");
        Pricer p = catalog.pricer();
        assertUsd(
                "0.0001",
                p.price(new EscalationUsage("t", "m", at("2024-01-01T00:00:00Z"), 100, 0, 0))
                        .input(),
                "100 tokens: base");
        assertUsd(
                "0.000202",
                p.price(new EscalationUsage("t", "m", at("2024-01-01T00:00:00Z"), 101, 0, 0))
                        .input(),
                "101 tokens: tier >100");
        assertUsd(
                "0.0004",
                p.price(new EscalationUsage("t", "m", at("2024-01-01T00:00:00Z"), 200, 0, 0))
                        .input(),
                "200 tokens: tier >100");
        assertUsd(
                "0.000603",
                p.price(new EscalationUsage("t", "m", at("2024-01-01T00:00:00Z"), 201, 0, 0))
                        .input(),
                "201 tokens: tier >200");
    }

    @Test
    void escalationIsPricedAtTheOssModelsPrices() {
        EscalationCost cost =
                pricer.price(new EscalationUsage("acme", "llama-3.1-70b", at("2023-11-16T10:00:00Z"), 1200, 300, 50));
        assertUsd("0.000708", cost.input(), "1200 x $0.59/1M");
        assertUsd("0.000237", cost.output(), "300 x $0.79/1M");
        assertUsd("0.0000395", cost.reasoning(), "50 x $0.79/1M");
        assertUsd("0.0009845", cost.total(), "total");
        assertEquals("2026-12-02.1", cost.pricingVersion());
    }

    @Test
    void escalationToQwenIsPriced() {
        EscalationCost cost =
                pricer.price(new EscalationUsage("acme", "qwen2.5-72b", at("2023-11-16T10:00:00Z"), 2000, 500, 0));
        assertUsd("0.0009", cost.total(), "2000 x $0.35/1M + 500 x $0.40/1M");
    }

    @Test
    void hugeTokenCountsStayExact() {
        long n = Long.MAX_VALUE / 2;
        EscalationCost cost =
                pricer.price(new EscalationUsage("acme", "llama-3.1-70b", at("2023-11-16T10:00:00Z"), 0, n, 0));
        assertEquals(
                new BigDecimal(n).multiply(new BigDecimal("0.00000079")).setScale(12),
                cost.output(),
                "a token count whose cost overflows a long is still priced exactly");
    }
}
