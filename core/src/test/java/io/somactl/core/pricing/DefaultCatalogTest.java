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
        assertEquals("2026-12-02.1", catalog.version(), "the bundled catalog's version");
        assertEquals("USD", catalog.currency());
        assertSame(catalog, PricingCatalog.loadBundled(), "the bundled catalog is read once and reused");
    }

    @Test
    void bundledVoiceRatesAreTheVendorsPublishedListPricesInTheirOwnUnits() {
        List<VoicePricePeriod> voice = PricingCatalog.loadBundled().voice();
        assertEquals(1, voice.size(), "one voice period");
        VoicePricePeriod v = voice.get(0);
        // equals(), not compareTo(): the exact decimal as written, no binary-float detour.
        assertEquals(new BigDecimal("0.0043"), v.sttPrice(), "Deepgram Nova-2 list price");
        assertEquals(
                VoicePricePeriod.SttUnit.MINUTE,
                v.sttUnit(),
                "Deepgram prices STT per MINUTE of audio, not per second");
        assertEquals(new BigDecimal("0.05"), v.llmInputPerMillion(), "Groq llama-3.1-8b-instant input per 1M tokens");
        assertEquals(new BigDecimal("0.08"), v.llmOutputPerMillion(), "Groq llama-3.1-8b-instant output per 1M tokens");
        assertEquals(
                new BigDecimal("0.037375"), v.ttsPerThousandCharacters(), "Cartesia Scale plan: $299 / 8M credits");
        assertEquals(new BigDecimal("0.004"), v.mediaPerMinute(), "LiveKit media per minute (the spec's figure)");
        assertEquals(
                VoicePricePeriod.MediaRounding.PER_STARTED_MINUTE, v.mediaRounding(), "LiveKit bills started minutes");
    }

    /** A handful of list prices, each equal to the figure its cited source publishes (per 1M tokens). */
    @Test
    void bundledListPricesEqualTheirCitedSourcesFigures() {
        PricingCatalog catalog = PricingCatalog.loadBundled();
        // OpenAI, https://openai.com/api/pricing: GPT-4o $2.50 in, $1.25 cached in, $10.00 out.
        assertPrices(catalog, "gpt-4o", 0, "2.50", "1.25", "2.50", "10.00", "10.00");
        // OpenAI: GPT-4o mini $0.15 / $0.075 / $0.60; GPT-4.1 $2.00 / $0.50 / $8.00; o4-mini $1.10 / $0.275 / $4.40.
        assertPrices(catalog, "gpt-4o-mini", 0, "0.15", "0.075", "0.15", "0.60", "0.60");
        assertPrices(catalog, "gpt-4.1", 0, "2.00", "0.50", "2.00", "8.00", "8.00");
        assertPrices(catalog, "o4-mini", 0, "1.10", "0.275", "1.10", "4.40", "4.40");
        // Anthropic, https://platform.claude.com/docs/en/about-claude/pricing: Sonnet 4.5 $3 base input,
        // $0.30 cache hits, $3.75 5-minute cache writes, $15 output; over 200K input tokens $6 / $0.60 / $7.50 /
        // $22.50.
        assertPrices(catalog, "claude-sonnet-4-5", 0, "3.00", "0.30", "3.75", "15.00", "15.00");
        assertPrices(catalog, "claude-sonnet-4-5", 200000, "6.00", "0.60", "7.50", "22.50", "22.50");
        // Anthropic: Haiku 4.5 $1 / $0.10 / $1.25 / $5; Opus 4.5 $5 / $0.50 / $6.25 / $25.
        assertPrices(catalog, "claude-haiku-4-5", 0, "1.00", "0.10", "1.25", "5.00", "5.00");
        assertPrices(catalog, "claude-opus-4-5", 0, "5.00", "0.50", "6.25", "25.00", "25.00");
        // Google, https://ai.google.dev/gemini-api/docs/pricing: Gemini 2.5 Pro $1.25 / $0.125 / $10 up to
        // 200K prompt tokens, $2.50 / $0.25 / $15 above.
        assertPrices(catalog, "gemini-2.5-pro", 0, "1.25", "0.125", "1.25", "10.00", "10.00");
        assertPrices(catalog, "gemini-2.5-pro", 200000, "2.50", "0.25", "2.50", "15.00", "15.00");
        // Groq, https://groq.com/pricing: Llama 3.3 70B $0.59 / $0.79.
        assertPrices(catalog, "llama-3.3-70b-versatile", 0, "0.59", "0.59", "0.59", "0.79", "0.79");
        // Mistral, https://mistral.ai/pricing: Mixtral 8x7B $0.70 / $0.70.
        assertPrices(catalog, "open-mixtral-8x7b", 0, "0.70", "0.70", "0.70", "0.70", "0.70");
        // DeepSeek, https://api-docs.deepseek.com/quick_start/pricing: $0.28 cache miss, $0.028 cache hit, $0.42 out.
        assertPrices(catalog, "deepseek-chat", 0, "0.28", "0.028", "0.28", "0.42", "0.42");
    }

    private static void assertPrices(
            PricingCatalog catalog,
            String model,
            long tier,
            String input,
            String read,
            String write,
            String output,
            String reasoning) {
        List<ModelPricePeriod> periods = catalog.models().get(model);
        assertTrue(periods != null, "the bundled catalog should list " + model);
        ModelPrices prices = periods.get(periods.size() - 1).prices();
        TokenPrices p = tier == 0
                ? prices.base()
                : prices.tiers().stream()
                        .filter(t -> t.aboveContextTokens() == tier)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(model + " has no tier above " + tier))
                        .prices();
        String what = model + (tier == 0 ? "" : " above " + tier + " tokens");
        assertEquals(0, new BigDecimal(input).compareTo(p.input()), what + " input per 1M");
        assertEquals(0, new BigDecimal(read).compareTo(p.cachedInputRead()), what + " cached read per 1M");
        assertEquals(0, new BigDecimal(write).compareTo(p.cachedInputWrite()), what + " cached write per 1M");
        assertEquals(0, new BigDecimal(output).compareTo(p.output()), what + " output per 1M");
        assertEquals(0, new BigDecimal(reasoning).compareTo(p.reasoning()), what + " reasoning per 1M");
    }

    @Test
    void everyProviderBlockOfTheBundledCatalogNamesItsSourcePageAndTheDateItWasRead() throws IOException {
        String text = bundledText();
        for (String source : List.of(
                "https://openai.com/api/pricing",
                "https://platform.claude.com/docs/en/about-claude/pricing",
                "https://ai.google.dev/gemini-api/docs/pricing",
                "https://groq.com/pricing",
                "https://mistral.ai/pricing",
                "https://api-docs.deepseek.com/quick_start/pricing",
                "https://deepgram.com/pricing",
                "https://docs.cartesia.ai/pricing",
                "https://docs.livekit.io/deploy/admin/billing")) {
            int at = text.indexOf("source: " + source);
            if (at < 0) {
                at = text.indexOf(source);
            }
            assertTrue(at >= 0, "the bundled catalog should cite " + source);
            assertTrue(
                    text.substring(at, Math.min(text.length(), at + 400)).contains("2026-12-02"),
                    "the citation of " + source + " should say when it was read");
        }
        assertTrue(
                text.contains("ILLUSTRATIVE") && text.contains("OPERATOR'S OWN FIGURES"),
                "the catalog should mark self-hosted models and GPU rates as the operator's own figures");
    }

    @Test
    void eachProviderModelCarriesItsProvidersUsageConvention() {
        PricingCatalog catalog = PricingCatalog.loadBundled();
        assertEquals(
                UsageConvention.OPENAI, catalog.models().get("gpt-4o").get(0).convention());
        assertEquals(
                UsageConvention.OPENAI,
                catalog.models().get("deepseek-chat").get(0).convention());
        assertEquals(
                UsageConvention.ANTHROPIC,
                catalog.models().get("claude-sonnet-4-5").get(0).convention());
        assertEquals(
                UsageConvention.GEMINI,
                catalog.models().get("gemini-2.5-pro").get(0).convention());
        assertEquals(
                UsageConvention.DISJOINT,
                catalog.models().get("soma-slm-8b").get(0).convention(),
                "somactl's own models report disjoint counts");
    }

    /** Every period of every model prices a hosted request and an escalation that uses every token class. */
    @Test
    void everyModelOfTheBundledCatalogPricesAtEveryOneOfItsPeriods() {
        PricingCatalog catalog = PricingCatalog.loadBundled();
        Pricer pricer = catalog.pricer();
        catalog.models().forEach((id, periods) -> {
            for (ModelPricePeriod period : periods) {
                java.time.Instant ts = period.effectiveFrom();
                SlmCost slm = pricer.price(
                        new SlmUsage("acme", id, Pricer.HOSTED, ts, 3000, 1000, 500, 400, 100, BigDecimal.ONE));
                assertTrue(slm.total().signum() > 0, id + " at " + ts + " should cost something");
                assertEquals(Money.ZERO, slm.gpu(), id + ": a hosted request has no GPU cost");
                EscalationCost escalation = pricer.price(new EscalationUsage("acme", id, ts, 3000, 400, 100));
                assertTrue(escalation.total().signum() > 0, id + " escalation at " + ts + " should cost something");
            }
        });
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
        assertEquals(
                at("2023-11-17T00:00:00Z"),
                catalog.models().get("soma-slm-8b").get(1).effectiveFrom());
        assertEquals(
                128000,
                catalog.models()
                        .get("soma-slm-8b-long")
                        .get(0)
                        .prices()
                        .tiers()
                        .get(0)
                        .aboveContextTokens(),
                "soma-slm-8b-long has a long-context tier above 128000 tokens");
    }

    private String bundledText() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(PricingCatalog.BUNDLED_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void rowsListEveryEntryWithUnit() {
        List<PriceRow> rows = PricingCatalog.loadBundled().rows();
        PriceRow cut = rows.stream()
                .filter(r -> r.kind() == PriceRow.Kind.MODEL
                        && r.subject().equals("soma-slm-8b")
                        && r.component().equals("input")
                        && r.effectiveFrom().equals(at("2023-11-17T00:00:00Z")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for soma-slm-8b input from 2023-11-17"));
        assertEquals(new BigDecimal("0.05"), cut.price());
        assertEquals("USD per 1M tokens", cut.unit());
        assertTrue(
                rows.stream()
                        .anyMatch(r -> r.subject().equals("soma-slm-8b-long")
                                && r.aboveContextTokens() == 128000
                                && r.component().equals("output")),
                "tier rows carry their threshold");
        assertTrue(
                rows.stream()
                        .anyMatch(r -> r.kind() == PriceRow.Kind.GPU
                                && r.subject().equals("edge")
                                && r.unit().equals("USD per hour")),
                "GPU rows are listed");
        assertEquals(
                5, rows.stream().filter(r -> r.kind() == PriceRow.Kind.VOICE).count(), "five voice rates");
    }

    @Test
    void rowsEffectiveAtShowOnlyThePeriodInForce() {
        PricingCatalog catalog = PricingCatalog.loadBundled();
        List<PriceRow> before = catalog.rowsEffectiveAt(at("2023-11-16T12:00:00Z")).stream()
                .filter(r -> r.subject().equals("soma-slm-8b") && r.component().equals("input"))
                .toList();
        List<PriceRow> after = catalog.rowsEffectiveAt(at("2023-11-17T00:00:00Z")).stream()
                .filter(r -> r.subject().equals("soma-slm-8b") && r.component().equals("input"))
                .toList();
        assertEquals(1, before.size());
        assertEquals(new BigDecimal("0.06"), before.get(0).price(), "price on 2023-11-16");
        assertEquals(new BigDecimal("0.05"), after.get(0).price(), "price from 2023-11-17");
        assertTrue(
                catalog.rowsEffectiveAt(at("2020-01-01T00:00:00Z")).isEmpty(), "nothing in force before the catalog");
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
        assertEquals(
                new BigDecimal("123456789.123456789"), p.cachedInputWrite(), "no double rounding of long decimals");
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
        assertEquals("2026-12-02.1", catalog.version());
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
        assertEquals(
                at("2023-01-01T00:00:00Z"), periods.get(0).effectiveFrom(), "periods are sorted by effective_from");
        assertFalse(periods.get(0).effectiveFrom().isAfter(periods.get(1).effectiveFrom()));
    }
}
