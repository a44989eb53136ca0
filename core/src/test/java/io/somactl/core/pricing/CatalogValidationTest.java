package io.somactl.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogValidationTest {

    private static final String HEADER = """
            version: "v-test"
            currency: USD
            """;

    /** A valid model period for {@code id} with {@code extra} lines appended (or replacing nothing). */
    private static String model(String id, String body) {
        return HEADER + "models:\n  " + id + ":\n" + body;
    }

    private static final String FULL_PERIOD = """
                - effective_from: "2023-01-01T00:00:00Z"
                  input: 0.59
                  cached_input_read: 0.295
                  cached_input_write: 0.59
                  output: 0.79
                  reasoning: 0.79
            """;

    private static List<String> problems(String yaml) {
        PricingCatalogException e = assertThrows(
                PricingCatalogException.class,
                () -> PricingCatalog.parse(yaml, "test.yaml"),
                "the catalog should be rejected");
        assertTrue(e.getMessage().contains("test.yaml"), "the message names the catalog: " + e.getMessage());
        return e.problems();
    }

    private static void assertProblem(List<String> problems, String expectedStart) {
        assertTrue(
                problems.stream().anyMatch(p -> p.startsWith(expectedStart)),
                () -> "expected a problem starting with \"" + expectedStart + "\" but got " + problems);
    }

    @Test
    void validCatalogIsAccepted() {
        PricingCatalog catalog = PricingCatalog.parse(model("llama-3.1-70b", FULL_PERIOD), "test.yaml");
        assertEquals("v-test", catalog.version());
    }

    @Test
    void missingPriceIsReportedAtItsPlace() {
        List<String> problems = problems(model("llama-3.1-70b", FULL_PERIOD.replace("      output: 0.79\n", "")));
        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems, "models.llama-3.1-70b[0].output: missing price");
    }

    @Test
    void negativePriceIsRejected() {
        List<String> problems = problems(model("m", FULL_PERIOD.replace("input: 0.59", "input: -0.01")));
        assertProblem(problems, "models.m[0].input: negative price -0.01");
    }

    @Test
    void nonNumericPriceIsRejected() {
        List<String> problems = problems(model("m", FULL_PERIOD.replace("output: 0.79", "output: cheap")));
        assertProblem(problems, "models.m[0].output: not a number: 'cheap'");
        problems = problems(model("m", FULL_PERIOD.replace("output: 0.79", "output: true")));
        assertProblem(problems, "models.m[0].output: not a number: true");
    }

    @Test
    void unknownKeysAreRejectedWithASuggestion() {
        List<String> problems =
                problems(model("m", FULL_PERIOD.replace("output: 0.79", "ouput: 0.79")) + "colour: blue\n");
        assertProblem(problems, "models.m[0].ouput: unknown key (did you mean 'output'?)");
        assertProblem(problems, "models.m[0].output: missing price");
        assertProblem(problems, "colour: unknown key");
    }

    @Test
    void duplicateEffectiveFromIsRejected() {
        List<String> problems = problems(model("m", FULL_PERIOD + FULL_PERIOD));
        assertProblem(
                problems,
                "models.m[1].effective_from: duplicate effective_from 2023-01-01T00:00:00Z (also at models.m[0])");
    }

    @Test
    void sameInstantWrittenWithADifferentOffsetIsStillADuplicate() {
        String second = FULL_PERIOD.replace("2023-01-01T00:00:00Z", "2023-01-01T01:00:00+01:00");
        assertProblem(
                problems(model("m", FULL_PERIOD + second)), "models.m[1].effective_from: duplicate effective_from");
    }

    @Test
    void effectiveFromMustBeAnRfc3339Instant() {
        assertProblem(
                problems(model("m", FULL_PERIOD.replace("\"2023-01-01T00:00:00Z\"", "\"2023-01-01\""))),
                "models.m[0].effective_from: not an RFC 3339 instant with offset: '2023-01-01'");
        assertProblem(
                problems(model("m", FULL_PERIOD.replace("- effective_from: \"2023-01-01T00:00:00Z\"\n      ", "- "))),
                "models.m[0].effective_from: missing");
    }

    @Test
    void discountOutsideZeroToHundredIsRejected() {
        String tenants = """
                tenants:
                  acme:
                    - effective_from: "2024-01-01T00:00:00Z"
                      discount_percent: 120
                  globex:
                    - effective_from: "2024-01-01T00:00:00Z"
                      discount_percent: -5
                """;
        List<String> problems = problems(model("m", FULL_PERIOD) + tenants);
        assertProblem(problems, "tenants.acme[0].discount_percent: discount 120 is outside 0..100");
        assertProblem(problems, "tenants.globex[0].discount_percent: discount -5 is outside 0..100");
    }

    @Test
    void discountAtTheBoundsIsAccepted() {
        String tenants = """
                tenants:
                  free:
                    - {effective_from: "2024-01-01T00:00:00Z", discount_percent: 100}
                  none:
                    - {effective_from: "2024-01-01T00:00:00Z", discount_percent: 0}
                """;
        PricingCatalog catalog = PricingCatalog.parse(model("m", FULL_PERIOD) + tenants, "test.yaml");
        assertEquals(2, catalog.tenants().size());
    }

    @Test
    void unknownCurrencyIsRejected() {
        List<String> problems = problems(model("m", FULL_PERIOD).replace("currency: USD", "currency: EUR"));
        assertProblem(problems, "currency: unknown currency 'EUR' (supported: USD)");
    }

    @Test
    void priceWithMoreThanNineDecimalPlacesIsRejected() {
        List<String> problems = problems(model("m", FULL_PERIOD.replace("input: 0.59", "input: 0.0000000001")));
        assertProblem(
                problems,
                "models.m[0].input: 0.0000000001 has 10 decimal places; at most 9 are allowed (USD per 1M tokens)");
        String gpu = """
                gpu:
                  edge:
                    - {effective_from: "2023-01-01T00:00:00Z", per_hour: 0.1234567891}
                """;
        assertProblem(
                problems(model("m", FULL_PERIOD) + gpu),
                "gpu.edge[0].per_hour: 0.1234567891 has 10 decimal places; at most 9 are allowed (USD per hour)");
    }

    @Test
    void nineDecimalPlacesAndTrailingZerosAreAccepted() {
        String yaml = model(
                "m",
                FULL_PERIOD
                        .replace("input: 0.59", "input: 0.000000001")
                        .replace("output: 0.79", "output: 0.7900000000000"));
        PricingCatalog.parse(yaml, "test.yaml");
    }

    @Test
    void allProblemsAreReportedTogether() {
        String yaml = model(
                                "llama-3.1-70b",
                                FULL_PERIOD.replace("      output: 0.79\n", "").replace("input: 0.59", "input: -1"))
                        .replace("currency: USD", "currency: GBP")
                + """
                voice:
                  - effective_from: "2023-01-01T00:00:00Z"
                    stt_per_second: 0.0043
                    llm_input_per_million: 0.05
                    llm_output_per_million: 0.08
                    tts_per_thousand_characters: 0.015
                """;
        List<String> problems = problems(yaml);
        assertEquals(4, problems.size(), "every problem, not just the first: " + problems);
        assertProblem(problems, "currency: unknown currency 'GBP'");
        assertProblem(problems, "models.llama-3.1-70b[0].input: negative price -1");
        assertProblem(problems, "models.llama-3.1-70b[0].output: missing price");
        assertProblem(problems, "voice[0].media_per_minute: missing price");
    }

    @Test
    void missingVersionAndModelsAreReported() {
        List<String> problems = problems("currency: USD\n");
        assertProblem(problems, "version: missing");
        assertProblem(problems, "models: missing");
    }

    @Test
    void modelWithoutPeriodsIsRejected() {
        assertProblem(problems(HEADER + "models:\n  m: []\n"), "models.m: no price periods");
    }

    @Test
    void tierProblemsPointAtTheTier() {
        String tiers = """
                      tiers:
                        - {above_context_tokens: 128000, input: 1, cached_input_read: 1, cached_input_write: 1, output: 1, reasoning: 1}
                        - {above_context_tokens: 128000, input: 2, cached_input_read: 2, cached_input_write: 2, output: 2, reasoning: 2}
                        - {above_context_tokens: 0, input: 2, cached_input_read: 2, cached_input_write: 2, output: 2, reasoning: 2}
                        - {above_context_tokens: 256000, input: 3, cached_input_read: 3, cached_input_write: 3, reasoning: 3}
                """;
        List<String> problems = problems(model("m", FULL_PERIOD + tiers));
        assertProblem(
                problems,
                "models.m[0].tiers[1].above_context_tokens: duplicate tier threshold 128000 (also at models.m[0].tiers[0])");
        assertProblem(problems, "models.m[0].tiers[2].above_context_tokens: must be greater than 0");
        assertProblem(problems, "models.m[0].tiers[3].output: missing price");
    }

    @Test
    void cachedAndReasoningPricesDefaultToInputAndOutputWhenLeftOut() {
        TokenPrices p = PricingCatalog.parse(HEADER + """
                models:
                  m:
                    - {effective_from: "2023-01-01T00:00:00Z", input: 2.5, output: 10}
                """, "defaults")
                .models()
                .get("m")
                .get(0)
                .prices()
                .base();
        assertEquals(new BigDecimal("2.5"), p.cachedInputRead(), "no cache-read price: cached reads bill as input");
        assertEquals(new BigDecimal("2.5"), p.cachedInputWrite(), "no cache-write price: cache writes bill as input");
        assertEquals(new BigDecimal("10"), p.reasoning(), "no reasoning price: reasoning bills as output");
    }

    @Test
    void unknownUsageConventionAndAGpuPriceForHostedAreRejected() {
        List<String> problems = problems(HEADER + """
                models:
                  m:
                    - {effective_from: "2023-01-01T00:00:00Z", usage_convention: openia, input: 1, output: 1}
                gpu:
                  hosted:
                    - {effective_from: "2023-01-01T00:00:00Z", per_hour: 1}
                """);
        assertProblem(
                problems,
                "models.m[0].usage_convention: unknown usage convention 'openia'; expected one of: disjoint, openai, anthropic, gemini");
        assertProblem(
                problems, "gpu.hosted: hosted is a provider's API, priced by its tokens only: it has no GPU price");
    }

    @Test
    void tenantCustomRateForAnUnknownModelIsRejected() {
        String tenants = """
                tenants:
                  acme:
                    - effective_from: "2024-01-01T00:00:00Z"
                      models:
                        gpt-9: {input: 1, cached_input_read: 1, cached_input_write: 1, output: 1, reasoning: 1}
                """;
        assertProblem(problems(model("m", FULL_PERIOD) + tenants), "tenants.acme[0].models.gpt-9: unknown model");
    }

    @Test
    void voiceDiscountFlagMustBeABooleanAlongsideADiscount() {
        String tenants = """
                tenants:
                  acme:
                    - {effective_from: "2024-01-01T00:00:00Z", discount_percent: 5, discount_applies_to_voice: maybe}
                  globex:
                    - {effective_from: "2024-01-01T00:00:00Z", discount_applies_to_voice: true}
                """;
        List<String> problems = problems(model("m", FULL_PERIOD) + tenants);
        assertProblem(problems, "tenants.acme[0].discount_applies_to_voice: expected true or false, got 'maybe'");
        assertProblem(problems, "tenants.globex[0].discount_applies_to_voice: set without discount_percent");
    }

    @Test
    void malformedYamlIsReportedWithItsLine() {
        List<String> problems = problems(HEADER + "models: {\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("line "), "a YAML syntax error names its line: " + problems);
    }

    @Test
    void duplicateYamlKeyIsRejected() {
        List<String> problems = problems(HEADER + "version: \"again\"\nmodels: {}\n");
        assertTrue(problems.get(0).contains("Duplicate field 'version'"), problems.toString());
    }

    @Test
    void emptyDocumentIsRejected() {
        assertProblem(problems(""), "(document): the catalog is empty");
    }
}
