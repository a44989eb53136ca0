package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a catalog as YAML in the format {@link CatalogParser} reads, every price explicit (defaults
 * written out) and exact. Comments of the file a catalog was read from are not kept.
 */
public final class CatalogWriter {
    private CatalogWriter() {}

    /** What a merge did, for the operator. */
    public record Merged(PricingCatalog catalog, String yaml, List<String> notes) {}

    /**
     * The {@code base} catalog with {@code added}'s model periods in it: a period of a model the base
     * lacks adds the model, a period at an instant the base already has for that model replaces it,
     * any other period is added beside the base's (so older events keep their old prices).
     */
    public static Merged merge(PricingCatalog base, PricingCatalog added, String version) {
        Map<String, List<ModelPricePeriod>> models = new TreeMap<>();
        base.models().forEach((id, periods) -> models.put(id, new ArrayList<>(periods)));
        List<String> notes = new ArrayList<>();
        added.models().forEach((id, periods) -> {
            List<ModelPricePeriod> into = models.computeIfAbsent(id, k -> new ArrayList<>());
            for (ModelPricePeriod p : periods) {
                boolean replaced = into.removeIf(q -> q.effectiveFrom().equals(p.effectiveFrom()));
                into.add(p);
                notes.add((replaced ? "replaced " : into.size() == 1 ? "added model " : "added a period to ") + id
                        + " from " + p.effectiveFrom());
            }
            into.sort((a, b) -> a.effectiveFrom().compareTo(b.effectiveFrom()));
        });
        String yaml = write(
                version,
                base.currency(),
                models,
                base.gpu(),
                base.voice(),
                base.tenants(),
                "merged by somactl cost import from " + base.source() + " and " + added.source());
        return new Merged(PricingCatalog.parse(yaml, "merged catalog"), yaml, List.copyOf(notes));
    }

    /** The catalog as YAML. */
    public static String write(PricingCatalog c, String header) {
        return write(c.version(), c.currency(), c.models(), c.gpu(), c.voice(), c.tenants(), header);
    }

    private static String write(
            String version,
            String currency,
            Map<String, List<ModelPricePeriod>> models,
            Map<String, List<GpuPricePeriod>> gpu,
            List<VoicePricePeriod> voice,
            Map<String, List<TenantOverridePeriod>> tenants,
            String header) {
        StringBuilder y = new StringBuilder();
        y.append("# ").append(header.replace('\n', ' ')).append('\n');
        y.append("version: ").append(LiteLlmImport.quote(version)).append('\n');
        y.append("currency: ").append(currency).append('\n');
        y.append("models:").append(models.isEmpty() ? " {}\n" : "\n");
        models.forEach((id, periods) -> {
            y.append("  ").append(LiteLlmImport.quote(id)).append(":\n");
            for (ModelPricePeriod p : periods) {
                y.append("    - effective_from: ")
                        .append(instant(p.effectiveFrom()))
                        .append('\n');
                if (p.convention() != UsageConvention.DISJOINT) {
                    y.append("      usage_convention: ")
                            .append(p.convention().key())
                            .append('\n');
                }
                prices(y, "      ", p.prices());
            }
        });
        if (!gpu.isEmpty()) {
            y.append("gpu:\n");
            gpu.forEach((mode, periods) -> {
                y.append("  ").append(LiteLlmImport.quote(mode)).append(":\n");
                for (GpuPricePeriod p : periods) {
                    y.append("    - {effective_from: ")
                            .append(instant(p.effectiveFrom()))
                            .append(", per_hour: ")
                            .append(p.perHour().toPlainString())
                            .append("}\n");
                }
            });
        }
        if (!voice.isEmpty()) {
            y.append("voice:\n");
            for (VoicePricePeriod v : voice) {
                y.append("  - effective_from: ")
                        .append(instant(v.effectiveFrom()))
                        .append('\n');
                y.append("    ")
                        .append(v.sttUnit().key())
                        .append(": ")
                        .append(v.sttPrice().toPlainString())
                        .append('\n');
                y.append("    llm_input_per_million: ")
                        .append(v.llmInputPerMillion().toPlainString())
                        .append('\n');
                y.append("    llm_output_per_million: ")
                        .append(v.llmOutputPerMillion().toPlainString())
                        .append('\n');
                y.append("    tts_per_thousand_characters: ")
                        .append(v.ttsPerThousandCharacters().toPlainString())
                        .append('\n');
                y.append("    media_per_minute: ")
                        .append(v.mediaPerMinute().toPlainString())
                        .append('\n');
                y.append("    media_rounding: ").append(v.mediaRounding().key()).append('\n');
            }
        }
        if (!tenants.isEmpty()) {
            y.append("tenants:\n");
            tenants.forEach((tenant, periods) -> {
                y.append("  ").append(LiteLlmImport.quote(tenant)).append(":\n");
                for (TenantOverridePeriod p : periods) {
                    y.append("    - effective_from: ")
                            .append(instant(p.effectiveFrom()))
                            .append('\n');
                    if (p.discountPercent() != null) {
                        y.append("      discount_percent: ")
                                .append(p.discountPercent().toPlainString())
                                .append('\n');
                        if (p.discountAppliesToVoice()) {
                            y.append("      discount_applies_to_voice: true\n");
                        }
                    }
                    if (!p.models().isEmpty()) {
                        y.append("      models:\n");
                        new TreeMap<>(p.models()).forEach((id, prices) -> {
                            y.append("        ").append(LiteLlmImport.quote(id)).append(":\n");
                            prices(y, "          ", prices);
                        });
                    }
                }
            });
        }
        return y.toString();
    }

    private static void prices(StringBuilder y, String indent, ModelPrices prices) {
        tokens(y, indent, prices.base());
        if (!prices.tiers().isEmpty()) {
            y.append(indent).append("tiers:\n");
            for (ContextTier t : prices.tiers()) {
                y.append(indent)
                        .append("  - above_context_tokens: ")
                        .append(t.aboveContextTokens())
                        .append('\n');
                tokens(y, indent + "    ", t.prices());
            }
        }
    }

    private static void tokens(StringBuilder y, String indent, TokenPrices p) {
        for (TokenClass c : TokenClass.values()) {
            BigDecimal price = p.get(c);
            y.append(indent)
                    .append(c.key())
                    .append(": ")
                    .append(price.toPlainString())
                    .append('\n');
        }
    }

    private static String instant(Instant at) {
        return LiteLlmImport.quote(at.toString());
    }
}
