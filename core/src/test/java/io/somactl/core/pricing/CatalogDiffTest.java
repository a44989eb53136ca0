package io.somactl.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogDiffTest {
    private static final String OLD = """
            version: "old"
            currency: USD
            models:
              kept:
                - {effective_from: "2026-01-01T00:00:00Z", input: 1.00, output: 2.00}
              dropped:
                - {effective_from: "2026-01-01T00:00:00Z", input: 1, output: 1}
            voice:
              - {effective_from: "2026-01-01T00:00:00Z", stt_per_second: 0.0043, llm_input_per_million: 0.05,
                 llm_output_per_million: 0.08, tts_per_thousand_characters: 0.015, media_per_minute: 0.004}
            """;
    private static final String NEW = """
            version: "new"
            currency: USD
            models:
              kept:
                - {effective_from: "2026-01-01T00:00:00Z", usage_convention: openai, input: 1.0, output: 2.50}
              fresh:
                - {effective_from: "2026-06-01T00:00:00Z", input: 3, output: 4}
            voice:
              - {effective_from: "2026-01-01T00:00:00Z", stt_per_minute: 0.0043, llm_input_per_million: 0.05,
                 llm_output_per_million: 0.08, tts_per_thousand_characters: 0.015, media_per_minute: 0.004,
                 media_rounding: per_started_minute}
            """;

    @Test
    void diffNamesAddedAndRemovedModelsAndEachChangedPrice() {
        List<CatalogDiff.Change> changes =
                CatalogDiff.between(PricingCatalog.parse(OLD, "old"), PricingCatalog.parse(NEW, "new"));
        List<String> lines = changes.stream()
                .map(c -> c.change() + " " + c.subject() + " " + c.component() + " " + c.before() + " -> " + c.after())
                .toList();
        assertEquals("CHANGED catalog version old -> new", lines.get(0));
        assertTrue(lines.contains("MODEL_REMOVED dropped * 1 period -> null"), lines.toString());
        assertTrue(lines.contains("MODEL_ADDED fresh * null -> 1 period"), lines.toString());
        assertTrue(lines.contains("CHANGED kept output 2.00 -> 2.50"), lines.toString());
        assertTrue(lines.contains("CHANGED kept reasoning 2.00 -> 2.50"), "reasoning defaults to output: " + lines);
        assertTrue(lines.contains("CHANGED kept usage_convention disjoint -> openai"), lines.toString());
        assertTrue(lines.contains("REMOVED voice stt_per_second 0.0043 -> null"), lines.toString());
        assertTrue(lines.contains("ADDED voice stt_per_minute null -> 0.0043"), lines.toString());
        assertTrue(lines.contains("CHANGED voice media_rounding none -> per_started_minute"), lines.toString());
        assertTrue(
                lines.stream().noneMatch(l -> l.contains("kept input")), "1.00 and 1.0 are the same price: " + lines);
        assertTrue(
                lines.stream().noneMatch(l -> l.startsWith("ADDED fresh") || l.startsWith("REMOVED dropped")),
                "a whole model is one line: " + lines);
    }

    @Test
    void aCatalogHasNoDifferenceFromItself() {
        PricingCatalog bundled = PricingCatalog.loadBundled();
        assertEquals(List.of(), CatalogDiff.between(bundled, bundled));
    }
}
