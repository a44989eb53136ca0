package io.somactl.core.pricing;

import static io.somactl.core.pricing.TestCatalogs.assertUsd;
import static io.somactl.core.pricing.TestCatalogs.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Each provider's documented usage example, copied into an event as the provider reports it and
 * priced with the bundled catalog: the cost equals the provider's own arithmetic (uncached input at
 * the input price, cache hits at the cached price, output including reasoning at the output price).
 */
class UsageConventionConformanceTest {
    private static final Instant NOW = at("2026-12-02T12:00:00Z");
    private final Pricer pricer = PricingCatalog.loadBundled().pricer();

    /**
     * OpenAI's prompt-caching guide: {@code "prompt_tokens": 2006, "completion_tokens": 300,
     * "prompt_tokens_details": {"cached_tokens": 1920}, "completion_tokens_details": {"reasoning_tokens": 0}}.
     * The 1920 cached tokens are part of the 2006.
     */
    @Test
    void openAiCachedTokensAreInsidePromptTokensAndBilledOnce() {
        SlmCost cost = pricer.price(
                new SlmUsage("acme", "gpt-4o", Pricer.HOSTED, NOW, 2006, 1920, 0, 300, 0, BigDecimal.ZERO));
        // OpenAI: (2006 - 1920) x $2.50/1M + 1920 x $1.25/1M + 300 x $10/1M
        assertUsd("0.000215", cost.input(), "86 uncached prompt tokens x $2.50/1M");
        assertUsd("0.0024", cost.cachedRead(), "1920 cached tokens x $1.25/1M");
        assertUsd("0.003", cost.output(), "300 completion tokens x $10/1M");
        assertUsd("0.005615", cost.total(), "OpenAI's own arithmetic for this usage");
        assertEquals(new BilledTokens(86, 1920, 0, 300, 0), cost.billed(), "the 2006 prompt tokens bill as 86 + 1920");
    }

    /**
     * OpenAI's reasoning guide: {@code "prompt_tokens": 75, "completion_tokens": 1186,
     * "completion_tokens_details": {"reasoning_tokens": 1024}}. Reasoning tokens are part of the
     * completion tokens and billed as output.
     */
    @Test
    void openAiReasoningTokensAreInsideCompletionTokensAndBilledOnce() {
        SlmCost cost = pricer.price(
                new SlmUsage("acme", "o4-mini", Pricer.HOSTED, NOW, 75, 0, 0, 1186, 1024, BigDecimal.ZERO));
        // OpenAI: 75 x $1.10/1M + 1186 x $4.40/1M
        assertUsd("0.0000825", cost.input(), "75 prompt tokens x $1.10/1M");
        assertUsd("0.0007128", cost.output(), "the 162 visible completion tokens x $4.40/1M");
        assertUsd("0.0045056", cost.reasoning(), "the 1024 reasoning tokens x $4.40/1M (output price)");
        assertUsd("0.0053009", cost.total(), "OpenAI's own arithmetic: 0.0000825 + 1186 x 0.0000044");
    }

    /**
     * Anthropic reports cache reads and writes beside {@code input_tokens}: its prompt-caching guide
     * gives total input = cache_read_input_tokens + cache_creation_input_tokens + input_tokens, e.g.
     * 100,000 tokens read from the cache and 50 new ones: {@code cache_read_input_tokens: 100000,
     * cache_creation_input_tokens: 0, input_tokens: 50}. With 2,000 tokens written to the cache and 300
     * output tokens, on Claude Sonnet 4.5.
     */
    @Test
    void anthropicCacheReadsAndWritesAreBesideInputTokensAndBilledOnce() {
        SlmCost cost = pricer.price(new SlmUsage(
                "acme", "claude-sonnet-4-5", Pricer.HOSTED, NOW, 50, 100_000, 2_000, 300, 0, BigDecimal.ZERO));
        // Anthropic: 50 x $3/1M + 100000 x $0.30/1M + 2000 x $3.75/1M + 300 x $15/1M
        assertUsd("0.00015", cost.input(), "50 base input tokens x $3/1M");
        assertUsd("0.03", cost.cachedRead(), "100,000 cache hits x $0.30/1M");
        assertUsd("0.0075", cost.cachedWrite(), "2,000 5-minute cache writes x $3.75/1M");
        assertUsd("0.0045", cost.output(), "300 output tokens x $15/1M");
        assertUsd("0.04215", cost.total(), "Anthropic's own arithmetic for this usage");
        assertEquals(102_050, cost.billed().context(), "the prompt was 102,050 tokens, each billed once");
    }

    /** Anthropic counts extended-thinking tokens inside output_tokens; they are not billed twice. */
    @Test
    void anthropicThinkingTokensAreInsideOutputTokens() {
        SlmCost cost = pricer.price(
                new SlmUsage("acme", "claude-haiku-4-5", Pricer.HOSTED, NOW, 1000, 0, 0, 500, 400, BigDecimal.ZERO));
        assertUsd("0.0035", cost.total(), "1000 x $1/1M + 500 output tokens (400 of them thinking) x $5/1M");
    }

    /**
     * Gemini counts cached tokens inside promptTokenCount ({@code cachedContentTokenCount}) and
     * thinking tokens beside candidatesTokenCount ({@code thoughtsTokenCount}), both billed as output.
     * 300,000 prompt tokens (250,000 cached) pass Gemini 2.5 Pro's 200K tier.
     */
    @Test
    void geminiCachedTokensAreInsidePromptAndThoughtsBesideCandidates() {
        SlmCost cost = pricer.price(new SlmUsage(
                "acme", "gemini-2.5-pro", Pricer.HOSTED, NOW, 300_000, 250_000, 0, 1_000, 2_000, BigDecimal.ZERO));
        // Google, above 200K prompt tokens: 50000 x $2.50/1M + 250000 x $0.25/1M + (1000 + 2000) x $15/1M
        assertUsd("0.125", cost.input(), "50,000 uncached prompt tokens x $2.50/1M");
        assertUsd("0.0625", cost.cachedRead(), "250,000 cached tokens x $0.25/1M");
        assertUsd("0.045", cost.output().add(cost.reasoning()), "1,000 candidates + 2,000 thoughts x $15/1M");
        assertUsd("0.2325", cost.total(), "Google's own arithmetic for this usage");
    }

    @Test
    void theSameCountsUnderAnotherConventionCostSomethingElse() {
        // What a tool that reads OpenAI's counts as disjoint would bill: the 1920 cached tokens twice.
        SlmCost openAi = pricer.price(
                new SlmUsage("acme", "gpt-4o", Pricer.HOSTED, NOW, 2006, 1920, 0, 300, 0, BigDecimal.ZERO));
        BigDecimal doubleCounted = new BigDecimal("2006")
                .multiply(new BigDecimal("0.0000025"))
                .add(new BigDecimal("1920").multiply(new BigDecimal("0.00000125")))
                .add(new BigDecimal("0.003"));
        assertTrue(
                doubleCounted.compareTo(openAi.total()) > 0,
                "reading OpenAI's counts as disjoint would bill " + doubleCounted + ", more than " + openAi.total());
    }

    @Test
    void countsAConventionCannotProduceAreRefusedWithTheirReason() {
        UnpricedEventException cached = assertThrows(
                UnpricedEventException.class,
                () -> pricer.price(
                        new SlmUsage("acme", "gpt-4o", Pricer.HOSTED, NOW, 100, 120, 0, 10, 0, BigDecimal.ZERO)));
        assertEquals(UnpricedEventException.Reason.IMPOSSIBLE_USAGE, cached.reason());
        assertTrue(
                cached.getMessage().contains("impossible usage for model 'gpt-4o'")
                        && cached.getMessage().contains("cached tokens (120 read + 0 write) exceed input_tokens 100"),
                cached.getMessage());
        UnpricedEventException reasoning = assertThrows(
                UnpricedEventException.class,
                () -> pricer.price(new EscalationUsage("acme", "deepseek-reasoner", NOW, 100, 10, 11)));
        assertTrue(
                reasoning.getMessage().contains("reasoning_tokens 11 exceed output_tokens 10"), reasoning.getMessage());
        // The same counts are fine where cache and reasoning are reported beside input and output.
        assertTrue(pricer.price(new SlmUsage(
                                "acme", "soma-slm-8b", "self_hosted", NOW, 100, 120, 0, 10, 11, BigDecimal.ZERO))
                        .total()
                        .signum()
                > 0);
    }
}
