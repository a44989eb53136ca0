package io.somactl.core.pricing;

import static io.somactl.core.pricing.TestCatalogs.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultCatalogTest {

    @Test
    void bundledCatalogLoadsWithItsVersionAndCurrency() {
        PricingCatalog catalog = PricingCatalog.loadBundled();
        assertEquals("2026-11-01.1", catalog.version(), "the bundled catalog's version");
        assertEquals("USD", catalog.currency());
        assertSame(catalog, PricingCatalog.loadBundled(), "the bundled catalog is read once and reused");
    }

    @Test
    void bundledCatalogCarriesTheSpecVoiceRatesExactly() {
        List<VoicePricePeriod> voice = PricingCatalog.loadBundled().voice();
        assertEquals(1, voice.size(), "one voice period");
        VoicePricePeriod v = voice.get(0);
        // equals(), not compareTo(): the exact decimal as written, no binary-float detour.
        assertEquals(new BigDecimal("0.0043"), v.sttPerSecond(), "Deepgram STT per second");
        assertEquals(new BigDecimal("0.05"), v.llmInputPerMillion(), "Groq LLM input per 1M tokens");
        assertEquals(new BigDecimal("0.08"), v.llmOutputPerMillion(), "Groq LLM output per 1M tokens");
        assertEquals(new BigDecimal("0.015"), v.ttsPerThousandCharacters(), "Cartesia TTS per 1K characters");
        assertEquals(new BigDecimal("0.004"), v.mediaPerMinute(), "LiveKit media per minute");
    }

    @Test
    void bundledCatalogHasTheModelsTheFixturesUse() {
        PricingCatalog catalog = PricingCatalog.loadBundled();
        for (String id : List.of("soma-slm-8b", "soma-slm-3b", "llama-3.1-70b", "qwen2.5-72b", "soma-slm-8b-long")) {
            assertTrue(catalog.models().containsKey(id), "bundled catalog should price model " + id);
        }
        assertTrue(catalog.gpu().containsKey("self_hosted"), "GPU price for self_hosted");
        assertTrue(catalog.gpu().containsKey("edge"), "GPU price for edge");
        assertEquals(2, catalog.models().get("soma-slm-8b").size(), "soma-slm-8b has a price cut period");
        assertEquals(at("2023-11-17T00:00:00Z"), catalog.models().get("soma-slm-8b").get(1).effectiveFrom());
        assertEquals(128000, catalog.models().get("soma-slm-8b-long").get(0).prices().tiers().get(0).aboveContextTokens(),
                "soma-slm-8b-long has a long-context tier above 128000 tokens");
    }

    @Test
    void bundledCatalogFileSaysModelPricesAreIllustrativeAndVoiceRatesArePublished() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(PricingCatalog.BUNDLED_RESOURCE)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.contains("ILLUSTRATIVE"), "the catalog comment should say model prices are illustrative");
            assertTrue(text.contains("published vendor list"), "the catalog comment should say voice rates are published");
        }
    }

    @Test
    void rowsListEveryEntryWithUnit() {
        List<PriceRow> rows = PricingCatalog.loadBundled().rows();
        PriceRow cut = rows.stream()
                .filter(r -> r.kind() == PriceRow.Kind.MODEL && r.subject().equals("soma-slm-8b")
                        && r.component().equals("input") && r.effectiveFrom().equals(at("2023-11-17T00:00:00Z")))
                .findFirst().orElseThrow(() -> new AssertionError("no row for soma-slm-8b input from 2023-11-17"));
        assertEquals(new BigDecimal("0.05"), cut.price());
        assertEquals("USD per 1M tokens", cut.unit());
        assertTrue(rows.stream().anyMatch(r -> r.subject().equals("soma-slm-8b-long") && r.aboveContextTokens() == 128000
                && r.component().equals("output")), "tier rows carry their threshold");
        assertTrue(rows.stream().anyMatch(r -> r.kind() == PriceRow.Kind.GPU && r.subject().equals("edge")
                && r.unit().equals("USD per hour")), "GPU rows are listed");
        assertEquals(5, rows.stream().filter(r -> r.kind() == PriceRow.Kind.VOICE).count(), "five voice rates");
    }

    @Test
    void rowsEffectiveAtShowOnlyThePeriodInForce() {
        PricingCatalog catalog = PricingCatalog.loadBundled();
        List<PriceRow> before = catalog.rowsEffectiveAt(at("2023-11-16T12:00:00Z")).stream()
                .filter(r -> r.subject().equals("soma-slm-8b") && r.component().equals("input")).toList();
        List<PriceRow> after = catalog.rowsEffectiveAt(at("2023-11-17T00:00:00Z")).stream()
                .filter(r -> r.subject().equals("soma-slm-8b") && r.component().equals("input")).toList();
        assertEquals(1, before.size());
        assertEquals(new BigDecimal("0.06"), before.get(0).price(), "price on 2023-11-16");
        assertEquals(new BigDecimal("0.05"), after.get(0).price(), "price from 2023-11-17");
        assertTrue(catalog.rowsEffectiveAt(at("2020-01-01T00:00:00Z")).isEmpty(), "nothing in force before the catalog");
    }

    @Test
    void catalogFileLoadsFromPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prices.yaml");
        Files.writeString(file, TestCatalogs.OVERRIDES);
        PricingCatalog catalog = PricingCatalog.load(file);
        assertEquals("test-overrides.1", catalog.version());
        assertEquals(file.toString(), catalog.source());
    }

    @Test
    void missingCatalogFileIsAClearError(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        PricingCatalogException e = assertThrows(PricingCatalogException.class, () -> PricingCatalog.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void pricesAreReadExactlyFromTheYamlText() {
        PricingCatalog catalog = PricingCatalog.parse("""
                version: "exact"
                currency: USD
                models:
                  m:
                    - effective_from: "2023-01-01T00:00:00Z"
                      input: 0.1
                      cached_input_read: 0.000000001
                      cached_input_write: 123456789.123456789
                      output: "0.30"
                      reasoning: 7
                """, "exact");
        TokenPrices p = catalog.models().get("m").get(0).prices().base();
        assertEquals(new BigDecimal("0.1"), p.input(), "0.1 must stay exactly one tenth");
        assertEquals(new BigDecimal("0.000000001"), p.cachedInputRead());
        assertEquals(new BigDecimal("123456789.123456789"), p.cachedInputWrite(), "no double rounding of long decimals");
        assertEquals(new BigDecimal("0.30"), p.output(), "a quoted decimal is read as that decimal");
        assertEquals(0, new BigDecimal("7").compareTo(p.reasoning()));
    }

    @Test
    void exampleCatalogInDocsIsValid() throws IOException {
        String root = System.getProperty("somactl.projectRoot", "..");
        Path doc = Path.of(root, "docs", "pricing.md");
        if (!Files.exists(doc)) {
            doc = Path.of("..", "docs", "pricing.md");
        }
        String text = Files.readString(doc);
        int start = text.indexOf("```yaml\n");
        assertTrue(start >= 0, "docs/pricing.md should show an example catalog in a ```yaml block");
        String yaml = text.substring(start + "```yaml\n".length(), text.indexOf("```", start + 7));
        PricingCatalog catalog = PricingCatalog.parse(yaml, "docs/pricing.md example");
        assertEquals("2026-11-01.1", catalog.version());
        assertEquals(2, catalog.tenants().get("acme").size(), "the example tenant has a deal and an end of the deal");
    }

    @Test
    void periodsMayBeListedInAnyOrder() {
        PricingCatalog catalog = PricingCatalog.parse("""
                version: "order"
                currency: USD
                models:
                  m:
                    - {effective_from: "2024-01-01T00:00:00Z", input: 2, cached_input_read: 2, cached_input_write: 2, output: 2, reasoning: 2}
                    - {effective_from: "2023-01-01T00:00:00Z", input: 1, cached_input_read: 1, cached_input_write: 1, output: 1, reasoning: 1}
                """, "order");
        List<ModelPricePeriod> periods = catalog.models().get("m");
        assertEquals(at("2023-01-01T00:00:00Z"), periods.get(0).effectiveFrom(), "periods are sorted by effective_from");
        assertFalse(periods.get(0).effectiveFrom().isAfter(periods.get(1).effectiveFrom()));
    }
}
