package io.somactl.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Properties over many seeded random usages against a catalog whose prices use all 9 decimals,
 * odd discounts, tiers and several periods, so the single quantization actually rounds.
 */
class PricingPropertiesTest {
    private static final long SEED = 20231117L;
    private static final int N = 10_000;

    static final String CATALOG = """
            version: "prop.1"
            currency: USD
            models:
              a:
                - effective_from: "2023-01-01T00:00:00Z"
                  input: 0.123456789
                  cached_input_read: 0.000000007
                  cached_input_write: 1.5
                  output: 0.987654321
                  reasoning: 0.333333333
                - effective_from: "2024-01-01T00:00:00Z"
                  input: 0.1
                  cached_input_read: 0.025
                  cached_input_write: 0.125
                  output: 0.2
                  reasoning: 0.2
                  tiers:
                    - {above_context_tokens: 200000, input: 0.4, cached_input_read: 0.1, cached_input_write: 0.5, output: 0.8, reasoning: 0.8}
                    - {above_context_tokens: 50000, input: 0.2, cached_input_read: 0.05, cached_input_write: 0.25, output: 0.4, reasoning: 0.4}
              b:
                - effective_from: "2023-01-01T00:00:00Z"
                  input: 2.718281828
                  cached_input_read: 0.314159265
                  cached_input_write: 3.141592653
                  output: 7.777777777
                  reasoning: 0.000000001
            gpu:
              self_hosted:
                - {effective_from: "2023-01-01T00:00:00Z", per_hour: 2.123456789}
                - {effective_from: "2023-09-01T00:00:00Z", per_hour: 1.99}
              edge:
                - {effective_from: "2023-01-01T00:00:00Z", per_hour: 0.42}
            voice:
              - effective_from: "2023-01-01T00:00:00Z"
                stt_per_second: 0.0043
                llm_input_per_million: 0.05
                llm_output_per_million: 0.08
                tts_per_thousand_characters: 0.015
                media_per_minute: 0.004
              - effective_from: "2024-03-01T00:00:00Z"
                stt_per_minute: 0.2499996
                llm_input_per_million: 0.059
                llm_output_per_million: 0.079
                tts_per_thousand_characters: 0.0137
                media_per_minute: 0.0033333
            tenants:
              third-off:
                - {effective_from: "2023-06-01T00:00:00Z", discount_percent: 33.333, discount_applies_to_voice: true}
                - {effective_from: "2024-06-01T00:00:00Z", discount_percent: 7.5}
              custom:
                - effective_from: "2023-03-01T00:00:00Z"
                  discount_percent: 12.345678901
                  models:
                    b:
                      input: 1.111111111
                      cached_input_read: 0.222222222
                      cached_input_write: 0.333333333
                      output: 4.444444444
                      reasoning: 0.555555555
                      tiers:
                        - {above_context_tokens: 1000, input: 9.999999999, cached_input_read: 0.7, cached_input_write: 0.7, output: 9.9, reasoning: 9.9}
            """;

    private static final List<String> TENANTS = List.of("nobody", "third-off", "custom");
    private static final Instant FROM = Instant.parse("2023-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2025-01-01T00:00:00Z");

    private final PricingCatalog catalog = PricingCatalog.parse(CATALOG, "property catalog");
    private final Pricer pricer = catalog.pricer();

    // ---- generators ------------------------------------------------------------------------

    private static Instant ts(Random r) {
        long span = TO.getEpochSecond() - FROM.getEpochSecond();
        return FROM.plusSeconds((long) (r.nextDouble() * span)).plusNanos(r.nextInt(1_000_000_000));
    }

    private static long tokens(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> r.nextInt(100);
            case 2 -> r.nextInt(100_000);
            case 3 -> r.nextInt(400_000);
            default -> (long) r.nextInt(1_000_000) * 1_000_000L + r.nextInt(1_000_000); // up to 1e12
        };
    }

    private static BigDecimal seconds(Random r) {
        return BigDecimal.valueOf(r.nextInt(10_000_000), r.nextInt(7)); // 0 .. 10M with 0..6 decimals
    }

    private static SlmUsage slm(Random r) {
        return new SlmUsage(
                TENANTS.get(r.nextInt(3)),
                r.nextBoolean() ? "a" : "b",
                r.nextBoolean() ? "self_hosted" : "edge",
                ts(r),
                tokens(r),
                tokens(r),
                tokens(r),
                tokens(r),
                tokens(r),
                seconds(r));
    }

    private static EscalationUsage escalation(Random r) {
        return new EscalationUsage(
                TENANTS.get(r.nextInt(3)), r.nextBoolean() ? "a" : "b", ts(r), tokens(r), tokens(r), tokens(r));
    }

    private static VoiceTurnUsage voice(Random r) {
        return new VoiceTurnUsage(
                TENANTS.get(r.nextInt(3)), ts(r), seconds(r), tokens(r), tokens(r), tokens(r), seconds(r));
    }

    // ---- properties ------------------------------------------------------------------------

    @Test
    void slmTotalIsExactlyTheSumOfItsComponentsInAnyOrder() {
        Random r = new Random(SEED);
        for (int i = 0; i < N; i++) {
            SlmUsage u = slm(r);
            SlmCost c = pricer.price(u);
            assertTotalIsSum(
                    u,
                    c.total(),
                    new ArrayList<>(
                            List.of(c.input(), c.cachedRead(), c.cachedWrite(), c.output(), c.reasoning(), c.gpu())),
                    r);
        }
    }

    @Test
    void escalationTotalIsExactlyTheSumOfItsComponentsInAnyOrder() {
        Random r = new Random(SEED + 1);
        for (int i = 0; i < N; i++) {
            EscalationUsage u = escalation(r);
            EscalationCost c = pricer.price(u);
            assertTotalIsSum(u, c.total(), new ArrayList<>(List.of(c.input(), c.output(), c.reasoning())), r);
        }
    }

    @Test
    void voiceTotalIsExactlyTheSumOfItsComponentsInAnyOrder() {
        Random r = new Random(SEED + 2);
        for (int i = 0; i < N; i++) {
            VoiceTurnUsage u = voice(r);
            VoiceCost c = pricer.price(u);
            assertTotalIsSum(u, c.total(), new ArrayList<>(List.of(c.stt(), c.llm(), c.tts(), c.media())), r);
        }
    }

    private static void assertTotalIsSum(Object usage, BigDecimal total, List<BigDecimal> components, Random r) {
        assertEquals(Money.STORAGE_SCALE, total.scale(), () -> "total of " + usage + " is not at 12 places: " + total);
        for (int k = 0; k < 3; k++) {
            Collections.shuffle(components, r);
            BigDecimal sum = Money.ZERO;
            for (BigDecimal c : components) {
                assertEquals(
                        Money.STORAGE_SCALE, c.scale(), () -> "component of " + usage + " is not at 12 places: " + c);
                sum = sum.add(c);
            }
            BigDecimal s = sum;
            assertEquals(s, total, () -> "total of " + usage + " should equal the sum of its components " + components);
        }
    }

    @Test
    void everyComponentIsTheExactCostRoundedOnce() {
        Random r = new Random(SEED + 3);
        for (int i = 0; i < N; i++) {
            SlmUsage u = slm(r);
            SlmCost c = pricer.price(u);
            Reference.Terms t = Reference.terms(catalog, u.tenant(), u.ts());
            TokenPrices p = Reference.tokenPrices(catalog, t, u.modelId(), u.ts(), u.contextTokens());
            BigDecimal listFactor = Reference.customFor(t, u.modelId()) ? BigDecimal.ZERO : t.discount();
            assertEquals(
                    Reference.perMillion(u.inputTokens(), p.input(), listFactor), c.input(), () -> "input of " + u);
            assertEquals(
                    Reference.perMillion(u.cachedReadTokens(), p.cachedInputRead(), listFactor),
                    c.cachedRead(),
                    () -> "cached read of " + u);
            assertEquals(
                    Reference.perMillion(u.cachedWriteTokens(), p.cachedInputWrite(), listFactor),
                    c.cachedWrite(),
                    () -> "cached write of " + u);
            assertEquals(
                    Reference.perMillion(u.outputTokens(), p.output(), listFactor), c.output(), () -> "output of " + u);
            assertEquals(
                    Reference.perMillion(u.reasoningTokens(), p.reasoning(), listFactor),
                    c.reasoning(),
                    () -> "reasoning of " + u);
            BigDecimal perHour = Reference.active(
                            catalog.gpu().get(u.deploymentMode()), GpuPricePeriod::effectiveFrom, u.ts())
                    .perHour();
            assertEquals(
                    Reference.ratio(u.gpuSeconds().multiply(perHour), BigDecimal.valueOf(3600), t.discount()),
                    c.gpu(),
                    () -> "GPU of " + u);
        }
        for (int i = 0; i < N; i++) {
            VoiceTurnUsage u = voice(r);
            VoiceCost c = pricer.price(u);
            Reference.Terms t = Reference.terms(catalog, u.tenant(), u.ts());
            BigDecimal d = t.voice() ? t.discount() : BigDecimal.ZERO;
            VoicePricePeriod v = Reference.active(catalog.voice(), VoicePricePeriod::effectiveFrom, u.ts());
            assertEquals(
                    Reference.ratio(
                            u.sttSeconds().multiply(v.sttPrice()),
                            BigDecimal.valueOf(v.sttUnit().seconds()),
                            d),
                    c.stt(),
                    () -> "STT of " + u);
            BigDecimal llm = BigDecimal.valueOf(u.llmInputTokens())
                    .multiply(v.llmInputPerMillion())
                    .add(BigDecimal.valueOf(u.llmOutputTokens()).multiply(v.llmOutputPerMillion()));
            assertEquals(Reference.ratio(llm, BigDecimal.valueOf(1_000_000), d), c.llm(), () -> "LLM of " + u);
            assertEquals(
                    Reference.ratio(
                            BigDecimal.valueOf(u.ttsCharacters()).multiply(v.ttsPerThousandCharacters()),
                            BigDecimal.valueOf(1000),
                            d),
                    c.tts(),
                    () -> "TTS of " + u);
            assertEquals(
                    Reference.ratio(u.mediaSeconds().multiply(v.mediaPerMinute()), BigDecimal.valueOf(60), d),
                    c.media(),
                    () -> "media of " + u);
        }
    }

    @Test
    void sumOverEventsDoesNotDependOnTheirOrder() {
        Random r = new Random(SEED + 4);
        List<BigDecimal> totals = new ArrayList<>();
        BigDecimal componentSum = BigDecimal.ZERO;
        for (int i = 0; i < N; i++) {
            SlmCost c = pricer.price(slm(r));
            totals.add(c.total());
            componentSum = componentSum
                    .add(c.input())
                    .add(c.cachedRead())
                    .add(c.cachedWrite())
                    .add(c.output())
                    .add(c.reasoning())
                    .add(c.gpu());
        }
        BigDecimal inOrder = totals.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Collections.shuffle(totals, r);
        BigDecimal shuffled = totals.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(inOrder, shuffled, "a bill must not depend on the order events are summed");
        assertEquals(componentSum, inOrder, "a bill by component must add up to the bill by event");
    }

    @Test
    void pricesDoNotDependOnTheOrderOfTheCatalogFile() throws Exception {
        Pricer reversed = PricingCatalog.parse(reverseEverything(CATALOG), "reversed catalog")
                .pricer();
        Random r = new Random(SEED + 5);
        for (int i = 0; i < N; i++) {
            SlmUsage s = slm(r);
            assertEquals(pricer.price(s), reversed.price(s), () -> "SLM " + s);
            EscalationUsage e = escalation(r);
            assertEquals(pricer.price(e), reversed.price(e), () -> "escalation " + e);
            VoiceTurnUsage v = voice(r);
            assertEquals(pricer.price(v), reversed.price(v), () -> "voice " + v);
        }
    }

    @Test
    void concurrentPricingGivesTheSameResultsAsSequential() throws Exception {
        Random r = new Random(SEED + 6);
        List<SlmUsage> usages = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            usages.add(slm(r));
        }
        List<SlmCost> expected = usages.stream().map(pricer::price).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<SlmCost>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> usages.stream().map(pricer::price).toList()));
            }
            for (Future<List<SlmCost>> f : futures) {
                assertEquals(expected, f.get(), "a shared pricer must price identically from every thread");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reverses every list and every mapping's key order. */
    private static String reverseEverything(String yaml) throws Exception {
        ObjectMapper mapper = YAMLMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        JsonNode reversed = reverse(mapper.readTree(yaml), mapper);
        String text = mapper.writeValueAsString(reversed);
        if (text.indexOf("version") < text.indexOf("models")) {
            throw new AssertionError("the catalog was not reordered:\n" + text);
        }
        return text;
    }

    private static JsonNode reverse(JsonNode node, ObjectMapper mapper) {
        if (node.isArray()) {
            ArrayNode out = mapper.createArrayNode();
            for (int i = node.size() - 1; i >= 0; i--) {
                out.add(reverse(node.get(i), mapper));
            }
            return out;
        }
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            it.forEachRemaining(entries::add);
            Collections.reverse(entries);
            ObjectNode out = mapper.createObjectNode();
            for (Map.Entry<String, JsonNode> e : entries) {
                out.set(e.getKey(), reverse(e.getValue(), mapper));
            }
            return out;
        }
        return node;
    }

    /** An independent, deliberately naive re-statement of the pricing rules (linear scans, one division). */
    static final class Reference {
        record Terms(BigDecimal discount, boolean voice, Map<String, ModelPrices> custom) {}

        static <T> T active(List<T> periods, java.util.function.Function<T, Instant> from, Instant ts) {
            T found = null;
            for (T p : periods) {
                if (!from.apply(p).isAfter(ts)
                        && (found == null || from.apply(p).isAfter(from.apply(found)))) {
                    found = p;
                }
            }
            return found;
        }

        static Terms terms(PricingCatalog catalog, String tenant, Instant ts) {
            List<TenantOverridePeriod> periods = catalog.tenants().get(tenant);
            TenantOverridePeriod p = periods == null ? null : active(periods, TenantOverridePeriod::effectiveFrom, ts);
            if (p == null) {
                return new Terms(BigDecimal.ZERO, false, Map.of());
            }
            return new Terms(
                    p.discountPercent() == null ? BigDecimal.ZERO : p.discountPercent(),
                    p.discountAppliesToVoice(),
                    p.models());
        }

        static boolean customFor(Terms t, String model) {
            return t.custom().containsKey(model);
        }

        static TokenPrices tokenPrices(PricingCatalog catalog, Terms t, String model, Instant ts, long context) {
            ModelPrices prices = customFor(t, model)
                    ? t.custom().get(model)
                    : active(catalog.models().get(model), ModelPricePeriod::effectiveFrom, ts)
                            .prices();
            TokenPrices chosen = prices.base();
            long best = -1;
            for (ContextTier tier : prices.tiers()) {
                if (context > tier.aboveContextTokens() && tier.aboveContextTokens() > best) {
                    best = tier.aboveContextTokens();
                    chosen = tier.prices();
                }
            }
            return chosen;
        }

        static BigDecimal perMillion(long tokens, BigDecimal pricePerMillion, BigDecimal discountPercent) {
            return ratio(
                    BigDecimal.valueOf(tokens).multiply(pricePerMillion),
                    BigDecimal.valueOf(1_000_000),
                    discountPercent);
        }

        /** {@code amount * (100 - d) / (divisor * 100)}, one HALF_EVEN division to 12 places. */
        static BigDecimal ratio(BigDecimal amount, BigDecimal divisor, BigDecimal discountPercent) {
            BigDecimal hundred = BigDecimal.valueOf(100);
            return amount.multiply(hundred.subtract(discountPercent))
                    .divide(divisor.multiply(hundred), 12, RoundingMode.HALF_EVEN);
        }
    }
}
