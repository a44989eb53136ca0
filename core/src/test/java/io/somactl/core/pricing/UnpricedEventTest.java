package io.somactl.core.pricing;

import static io.somactl.core.pricing.TestCatalogs.at;
import static io.somactl.core.pricing.TestCatalogs.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UnpricedEventTest {
    private final Pricer pricer = PricingCatalog.loadBundled().pricer();

    @Test
    void unknownModelIsUnpricedAndNamed() {
        UnpricedEventException e = assertThrows(
                UnpricedEventException.class,
                () -> pricer.price(new SlmUsage(
                        "acme", "gpt-9", "self_hosted", at("2023-11-16T10:00:00Z"), 1, 0, 0, 1, 0, usd("0"))));
        assertEquals(UnpricedEventException.Reason.UNKNOWN_MODEL, e.reason());
        assertEquals("gpt-9", e.subject());
        assertTrue(e.getMessage().contains("unknown model 'gpt-9'"), e.getMessage());
        assertTrue(e.getMessage().contains("2026-12-02.1"), "the message names the catalog version: " + e.getMessage());
    }

    @Test
    void unknownEscalationModelIsUnpriced() {
        UnpricedEventException e = assertThrows(
                UnpricedEventException.class,
                () -> pricer.price(new EscalationUsage("acme", "mixtral-8x22b", at("2023-11-16T10:00:00Z"), 1, 1, 0)));
        assertEquals("mixtral-8x22b", e.subject());
        assertTrue(e.getMessage().contains("unknown model 'mixtral-8x22b'"), e.getMessage());
    }

    @Test
    void eventBeforeTheModelsFirstPriceIsUnpricedWithModelAndTime() {
        UnpricedEventException e = assertThrows(
                UnpricedEventException.class,
                () -> pricer.price(new EscalationUsage("acme", "llama-3.1-70b", at("2023-05-31T23:59:59Z"), 1, 1, 0)));
        assertEquals(UnpricedEventException.Reason.BEFORE_FIRST_PRICE, e.reason());
        assertEquals(at("2023-05-31T23:59:59Z"), e.timestamp());
        assertEquals(
                "no price for model 'llama-3.1-70b' at 2023-05-31T23:59:59Z: its first price period starts "
                        + "2023-06-01T00:00:00Z (pricing catalog 2026-12-02.1)",
                e.getMessage());
    }

    @Test
    void unknownDeploymentModeIsUnpriced() {
        UnpricedEventException e = assertThrows(
                UnpricedEventException.class,
                () -> pricer.price(new SlmUsage(
                        "acme", "soma-slm-8b", "moon_base", at("2023-11-16T10:00:00Z"), 1, 0, 0, 1, 0, usd("1"))));
        assertEquals(UnpricedEventException.Reason.UNKNOWN_DEPLOYMENT_MODE, e.reason());
        assertTrue(e.getMessage().contains("unknown deployment mode 'moon_base'"), e.getMessage());
    }

    @Test
    void voiceTurnBeforeTheFirstVoiceRatesIsUnpriced() {
        UnpricedEventException e = assertThrows(
                UnpricedEventException.class,
                () -> pricer.price(
                        new VoiceTurnUsage("acme", at("2020-01-01T00:00:00Z"), usd("1"), 0, 0, 0, usd("1"))));
        assertEquals("voice", e.subject());
        assertTrue(e.getMessage().contains("2020-01-01T00:00:00Z"), e.getMessage());
    }

    @Test
    void catalogWithoutVoiceCannotPriceVoiceTurns() {
        Pricer noVoice = PricingCatalog.parse("version: nv\ncurrency: USD\nmodels: {}\n", "no voice")
                .pricer();
        UnpricedEventException e = assertThrows(
                UnpricedEventException.class,
                () -> noVoice.price(
                        new VoiceTurnUsage("acme", at("2024-01-01T00:00:00Z"), usd("1"), 0, 0, 0, usd("1"))));
        assertEquals(UnpricedEventException.Reason.NO_VOICE_RATES, e.reason());
    }

    @Test
    void negativeUsageIsRejectedWhenTheUsageIsBuilt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new EscalationUsage("acme", "llama-3.1-70b", at("2024-01-01T00:00:00Z"), -1, 0, 0));
        assertEquals("input must be >= 0, got -1", e.getMessage());
    }
}
