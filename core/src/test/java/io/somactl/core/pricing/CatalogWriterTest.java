package io.somactl.core.pricing;

import static io.somactl.core.pricing.TestCatalogs.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogWriterTest {
    @Test
    void writtenCatalogsReadBackWithEveryPriceEqual() {
        for (PricingCatalog catalog : List.of(PricingCatalog.loadBundled(), TestCatalogs.overrides())) {
            PricingCatalog again = PricingCatalog.parse(CatalogWriter.write(catalog, "round trip"), "again");
            assertEquals(
                    List.of(),
                    CatalogDiff.between(catalog, again),
                    "writing and reading " + catalog.version() + " changes nothing");
            assertEquals(catalog.tenants().keySet(), again.tenants().keySet());
        }
    }

    @Test
    void mergeAddsModelsAndPeriodsAndReplacesAPeriodAtTheSameInstant() {
        PricingCatalog base = PricingCatalog.parse("""
                version: "base.1"
                currency: USD
                models:
                  kept:
                    - {effective_from: "2025-01-01T00:00:00Z", input: 1, output: 2}
                  repriced:
                    - {effective_from: "2025-01-01T00:00:00Z", input: 1, output: 2}
                gpu:
                  self_hosted:
                    - {effective_from: "2025-01-01T00:00:00Z", per_hour: 2.10}
                """, "base");
        PricingCatalog imported = PricingCatalog.parse("""
                version: "imp.1"
                currency: USD
                models:
                  repriced:
                    - {effective_from: "2026-12-01T00:00:00Z", usage_convention: openai, input: 0.5, output: 1.5}
                  kept:
                    - {effective_from: "2025-01-01T00:00:00Z", input: 1.5, output: 2}
                  fresh:
                    - {effective_from: "2026-12-01T00:00:00Z", input: 3, output: 4}
                """, "imported");
        CatalogWriter.Merged merged = CatalogWriter.merge(base, imported, "base.2");
        PricingCatalog c = merged.catalog();
        assertEquals("base.2", c.version());
        assertEquals(2, c.models().get("repriced").size(), "the old period stays, so older events keep their price");
        assertEquals(
                at("2026-12-01T00:00:00Z"), c.models().get("repriced").get(1).effectiveFrom());
        assertEquals(UsageConvention.OPENAI, c.models().get("repriced").get(1).convention());
        assertEquals(1, c.models().get("kept").size(), "a period at the same instant is replaced");
        assertEquals(
                0,
                new java.math.BigDecimal("1.5")
                        .compareTo(c.models().get("kept").get(0).prices().base().input()));
        assertTrue(c.models().containsKey("fresh"));
        assertTrue(c.gpu().containsKey("self_hosted"), "the base's other sections are kept");
        assertEquals(
                List.of(
                        "added a period to repriced from 2026-12-01T00:00:00Z",
                        "added model fresh from 2026-12-01T00:00:00Z",
                        "replaced kept from 2025-01-01T00:00:00Z"),
                merged.notes().stream().sorted().toList(),
                "what the merge did");
    }
}
