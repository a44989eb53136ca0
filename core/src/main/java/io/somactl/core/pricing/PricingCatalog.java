package io.somactl.core.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A validated, immutable pricing catalog: model token prices, GPU hour prices, voice pipeline rates
 * and tenant overrides, each as a list of periods sorted by {@code effective_from}. See
 * {@code docs/pricing.md} for the file format.
 */
public final class PricingCatalog {
    /** Class-path location of the catalog shipped with somactl. */
    public static final String BUNDLED_RESOURCE = "somactl/pricing/default-catalog.yaml";

    private final String source;
    private final String version;
    private final String currency;
    private final Map<String, List<ModelPricePeriod>> models;
    private final Map<String, List<GpuPricePeriod>> gpu;
    private final List<VoicePricePeriod> voice;
    private final Map<String, List<TenantOverridePeriod>> tenants;
    private final List<PriceRow> rows;

    PricingCatalog(
            String source,
            String version,
            String currency,
            Map<String, List<ModelPricePeriod>> models,
            Map<String, List<GpuPricePeriod>> gpu,
            List<VoicePricePeriod> voice,
            Map<String, List<TenantOverridePeriod>> tenants) {
        this.source = source;
        this.version = version;
        this.currency = currency;
        this.models = Collections.unmodifiableMap(new TreeMap<>(models));
        this.gpu = Collections.unmodifiableMap(new TreeMap<>(gpu));
        this.voice = List.copyOf(voice);
        this.tenants = Collections.unmodifiableMap(new TreeMap<>(tenants));
        this.rows = buildRows(null);
    }

    /** The catalog shipped inside somactl. */
    public static PricingCatalog loadBundled() {
        PricingCatalog catalog = bundled;
        if (catalog == null) {
            catalog = readBundled(); // immutable: a racing second read is harmless
            bundled = catalog;
        }
        return catalog;
    }

    /** Reads and validates a catalog file. */
    public static PricingCatalog load(Path file) {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PricingCatalogException(source, "(file): no such file", e);
        } catch (IOException e) {
            throw new PricingCatalogException(source, "(file): cannot read: " + e.getMessage(), e);
        }
        return parse(text, source);
    }

    /**
     * Validates catalog YAML text.
     *
     * @param source how to name the catalog in error messages (e.g. a file path)
     * @throws PricingCatalogException listing every problem found
     */
    public static PricingCatalog parse(String yaml, String source) {
        return CatalogParser.parse(yaml, source);
    }

    /** Where the catalog came from, for messages. */
    public String source() {
        return source;
    }

    /** The catalog {@code version}, recorded with every priced row. */
    public String version() {
        return version;
    }

    /** The catalog currency (always {@code USD} today). */
    public String currency() {
        return currency;
    }

    /** Model id to its price periods (sorted by effective_from), model ids sorted. */
    public Map<String, List<ModelPricePeriod>> models() {
        return models;
    }

    /** Deployment mode to its GPU price periods. */
    public Map<String, List<GpuPricePeriod>> gpu() {
        return gpu;
    }

    /** Voice pipeline rate periods (empty when the catalog has no {@code voice} section). */
    public List<VoicePricePeriod> voice() {
        return voice;
    }

    /** Tenant to its override periods. */
    public Map<String, List<TenantOverridePeriod>> tenants() {
        return tenants;
    }

    /** A pricer over this catalog. Pricers are immutable and thread-safe; build one and share it. */
    public Pricer pricer() {
        return new Pricer(this);
    }

    /** Every entry of the catalog, flattened for listing: models, GPU, voice, then tenants. */
    public List<PriceRow> rows() {
        return rows;
    }

    /** The entries in effect at {@code at} (for each subject, only its latest period starting at or before it). */
    public List<PriceRow> rowsEffectiveAt(Instant at) {
        return buildRows(at);
    }

    // ---- rows -----------------------------------------------------------------------------

    private List<PriceRow> buildRows(Instant at) {
        List<PriceRow> out = new ArrayList<>();
        models.forEach((id, periods) -> {
            for (ModelPricePeriod p : select(periods, ModelPricePeriod::effectiveFrom, at)) {
                addModelRows(out, PriceRow.Kind.MODEL, null, id, p.effectiveFrom(), p.prices());
            }
        });
        gpu.forEach((mode, periods) -> {
            for (GpuPricePeriod p : select(periods, GpuPricePeriod::effectiveFrom, at)) {
                out.add(new PriceRow(
                        PriceRow.Kind.GPU,
                        null,
                        mode,
                        CatalogParser.K_PER_HOUR,
                        0,
                        p.effectiveFrom(),
                        p.perHour(),
                        CatalogParser.UNIT_PER_HOUR));
            }
        });
        for (VoicePricePeriod p : select(voice, VoicePricePeriod::effectiveFrom, at)) {
            Map<String, BigDecimal> rates = new LinkedHashMap<>();
            rates.put(p.sttUnit().key(), p.sttPrice());
            rates.put(CatalogParser.K_LLM_IN, p.llmInputPerMillion());
            rates.put(CatalogParser.K_LLM_OUT, p.llmOutputPerMillion());
            rates.put(CatalogParser.K_TTS, p.ttsPerThousandCharacters());
            rates.put(CatalogParser.K_MEDIA, p.mediaPerMinute());
            List<String> units = List.of(
                    p.sttUnit().unit(),
                    CatalogParser.UNIT_PER_MILLION_TOKENS,
                    CatalogParser.UNIT_PER_MILLION_TOKENS,
                    CatalogParser.UNIT_PER_THOUSAND_CHARS,
                    CatalogParser.UNIT_PER_MINUTE);
            int i = 0;
            for (Map.Entry<String, BigDecimal> e : rates.entrySet()) {
                out.add(new PriceRow(
                        PriceRow.Kind.VOICE,
                        null,
                        "voice",
                        e.getKey(),
                        0,
                        p.effectiveFrom(),
                        e.getValue(),
                        units.get(i++)));
            }
        }
        tenants.forEach((tenant, periods) -> {
            for (TenantOverridePeriod p : select(periods, TenantOverridePeriod::effectiveFrom, at)) {
                if (p.discountPercent() != null) {
                    out.add(new PriceRow(
                            PriceRow.Kind.TENANT_DISCOUNT,
                            tenant,
                            p.discountAppliesToVoice() ? "* (incl. voice)" : "*",
                            CatalogParser.K_DISCOUNT,
                            0,
                            p.effectiveFrom(),
                            p.discountPercent(),
                            CatalogParser.UNIT_PERCENT));
                }
                new TreeMap<>(p.models())
                        .forEach((id, prices) ->
                                addModelRows(out, PriceRow.Kind.TENANT_MODEL, tenant, id, p.effectiveFrom(), prices));
            }
        });
        return List.copyOf(out);
    }

    private static void addModelRows(
            List<PriceRow> out, PriceRow.Kind kind, String tenant, String id, Instant from, ModelPrices prices) {
        for (TokenClass c : TokenClass.values()) {
            out.add(new PriceRow(
                    kind, tenant, id, c.key(), 0, from, prices.base().get(c), CatalogParser.UNIT_PER_MILLION_TOKENS));
        }
        for (ContextTier tier : prices.tiers()) {
            for (TokenClass c : TokenClass.values()) {
                out.add(new PriceRow(
                        kind,
                        tenant,
                        id,
                        c.key(),
                        tier.aboveContextTokens(),
                        from,
                        tier.prices().get(c),
                        CatalogParser.UNIT_PER_MILLION_TOKENS));
            }
        }
    }

    private static <T> List<T> select(List<T> periods, Function<T, Instant> from, Instant at) {
        if (at == null) {
            return periods;
        }
        T active = null;
        for (T p : periods) {
            if (!from.apply(p).isAfter(at)) {
                active = p;
            }
        }
        return active == null ? List.of() : List.of(active);
    }

    @Override
    public String toString() {
        return "PricingCatalog[version=" + version + ", source=" + source + ", models=" + models.keySet() + "]";
    }

    /** Set of model ids, for completion and messages. */
    public Set<String> modelIds() {
        return models.keySet();
    }

    private static volatile PricingCatalog bundled;

    private static PricingCatalog readBundled() {
        String source = "bundled " + BUNDLED_RESOURCE;
        try (InputStream in = PricingCatalog.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new PricingCatalogException(source, List.of("(file): not on the class path"));
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), source);
        } catch (IOException e) {
            throw new PricingCatalogException(source, "(file): cannot read: " + e.getMessage(), e);
        }
    }
}
