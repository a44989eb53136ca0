package io.somactl.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;

/** Catalogs and assertions shared by the pricing tests. */
final class TestCatalogs {
    private TestCatalogs() {}

    /**
     * A small catalog with round prices and tenant overrides:
     * <ul>
     *   <li>{@code m-list}: 1.00 in / 2.00 out per 1M (others 0.50); {@code m-custom}: 3.00 / 6.00;
     *   <li>GPU {@code self_hosted} 3.60/h (exactly 0.001 per second);
     *   <li>voice: the spec's vendor rates;
     *   <li>tenant {@code tenth-off}: 10% from 2024-01-01, back to list prices from 2024-06-01;
     *   <li>tenant {@code negotiated}: from 2024-01-01, 20% off incl. voice, and custom m-custom 2.00 / 4.00.
     * </ul>
     */
    static final String OVERRIDES = """
            version: "test-overrides.1"
            currency: USD
            models:
              m-list:
                - effective_from: "2023-01-01T00:00:00Z"
                  input: 1.00
                  cached_input_read: 0.50
                  cached_input_write: 0.50
                  output: 2.00
                  reasoning: 0.50
              m-custom:
                - effective_from: "2023-01-01T00:00:00Z"
                  input: 3.00
                  cached_input_read: 1.50
                  cached_input_write: 1.50
                  output: 6.00
                  reasoning: 6.00
            gpu:
              self_hosted:
                - effective_from: "2023-01-01T00:00:00Z"
                  per_hour: 3.60
            voice:
              - effective_from: "2023-01-01T00:00:00Z"
                stt_per_second: 0.0043
                llm_input_per_million: 0.05
                llm_output_per_million: 0.08
                tts_per_thousand_characters: 0.015
                media_per_minute: 0.004
            tenants:
              tenth-off:
                - effective_from: "2024-01-01T00:00:00Z"
                  discount_percent: 10
                - effective_from: "2024-06-01T00:00:00Z"
              negotiated:
                - effective_from: "2024-01-01T00:00:00Z"
                  discount_percent: 20
                  discount_applies_to_voice: true
                  models:
                    m-custom:
                      input: 2.00
                      cached_input_read: 1.00
                      cached_input_write: 1.00
                      output: 4.00
                      reasoning: 4.00
            """;

    static PricingCatalog overrides() {
        return PricingCatalog.parse(OVERRIDES, "test overrides catalog");
    }

    static Instant at(String rfc3339) {
        return Instant.parse(rfc3339);
    }

    static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    /** Equal in value (scale ignored), with both values in the failure message. */
    static void assertUsd(String expected, BigDecimal actual, String what) {
        assertEquals(
                0,
                new BigDecimal(expected).compareTo(actual),
                () -> what + ": expected $" + expected + " but was $" + actual.toPlainString());
    }
}
