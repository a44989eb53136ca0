package io.somactl.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TelemetryGenerator;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.fixtures.TraceFixture;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pico-dollar path ({@link Pricer#pricePico}) against the exact one ({@link Pricer#price(SlmUsage)}):
 * wherever the fast path prices an event, every cost is the unscaled value of the exact path's
 * {@code BigDecimal} at scale 12 (so the Decimal(38,12) columns and Redis counters get the very same
 * values) and the billed tokens are equal; wherever the exact path refuses an event, the fast path
 * declines it too (so the refusal keeps its reason). Over the whole bundled catalog, every model
 * period, deployment mode and tenant, with the token counts and GPU seconds of the trace-derived
 * events, and over catalogs whose discounts make rates finer than 1e-12 USD.
 */
class PicoPricingTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** (input, cached read, cached write, output, reasoning, gpu seconds) of the trace-derived SLM events. */
    private static final List<Object[]> TRACE_USAGE = new ArrayList<>();

    @BeforeAll
    static void traceUsage() throws Exception {
        TraceFixture trace = TraceFixture.loadDefault();
        for (TopicEvent event : new TelemetryGenerator(trace, TelemetryGenerator.DEFAULT_SEED)
                .onePass()
                .toList()) {
            if (event.topic() != Topic.SLM_METRICS) {
                continue;
            }
            JsonNode e = JSON.readTree(event.json());
            TRACE_USAGE.add(new Object[] {
                e.get("input_tokens").asLong(),
                e.path("cached_input_read_tokens").asLong(0),
                e.path("cached_input_write_tokens").asLong(0),
                e.get("output_tokens").asLong(),
                e.path("reasoning_tokens").asLong(0),
                e.hasNonNull("gpu_seconds") ? e.get("gpu_seconds").decimalValue() : BigDecimal.ZERO
            });
        }
        assertTrue(TRACE_USAGE.size() > 1000, "the trace gives thousands of SLM events: " + TRACE_USAGE.size());
    }

    @Test
    void theBundledCatalogPricesEveryTraceEventTheSameBothWays() {
        PricingCatalog catalog = PricingCatalog.loadBundled();
        long[] counts = compareAll(catalog, TRACE_USAGE, 300);
        assertTrue(counts[1] > 100_000, "compared " + counts[1] + " pricings");
        assertEquals(counts[1], counts[2], "the fast path prices every trace event the bundled catalog can price");
    }

    @Test
    void discountsFinerThanAPicoDollarArePricedTheSameBothWays() {
        List<Object[]> usage = new ArrayList<>(TRACE_USAGE.subList(0, 2000));
        Random random = new Random(20231116);
        for (int i = 0; i < 3000; i++) { // counts and GPU seconds of every size and scale, incl. ties to round
            usage.add(new Object[] {
                (long) random.nextInt(2_000_000),
                (long) random.nextInt(50_000),
                (long) random.nextInt(50_000),
                (long) random.nextInt(100_000),
                (long) random.nextInt(20_000),
                BigDecimal.valueOf(random.nextLong(10_000_000_000L), random.nextInt(12))
            });
        }
        for (PricingCatalog catalog : List.of(TestCatalogs.overrides(), finelyDiscounted())) {
            long[] counts = compareAll(catalog, usage, 3);
            assertTrue(
                    counts[2] > counts[1] / 2,
                    catalog.version() + ": the fast path took " + counts[2] + " of " + counts[1]);
        }
    }

    @Test
    void impossibleAndUnknownUsageIsLeftToTheExactPath() {
        Pricer pricer = PricingCatalog.loadBundled().pricer();
        Pricer.PicoCost out = new Pricer.PicoCost();
        long ts = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        assertFalse(
                pricer.pricePico("t", "no-such-model", Pricer.HOSTED, ts, 1, 0, 0, 1, 0, 0, 0, out), "unknown model");
        assertFalse(pricer.pricePico("t", "gpt-4o", "no-such-mode", ts, 1, 0, 0, 1, 0, 1, 0, out), "unknown GPU mode");
        assertFalse(
                pricer.pricePico("t", "gpt-4o", Pricer.HOSTED, 0, 1, 0, 0, 1, 0, 0, 0, out), "before the first price");
        assertFalse(pricer.pricePico("t", "gpt-4o", Pricer.HOSTED, ts, -1, 0, 0, 1, 0, 0, 0, out), "negative tokens");
        assertFalse(
                pricer.pricePico("t", "gpt-4o", Pricer.HOSTED, ts, 1, 5, 0, 1, 0, 0, 0, out),
                "cached tokens beyond the input that includes them (openai convention)");
        assertFalse(
                pricer.pricePico("t", "gpt-4o", Pricer.HOSTED, ts, Long.MAX_VALUE / 2, 0, 0, 1, 0, 0, 0, out),
                "counts past the fast path's range");
    }

    @Test
    void halfEvenRoundingOfTheIntegerQuotient() {
        assertEquals(2, Pricer.divideHalfEven(5, 2), "2.5 -> 2");
        assertEquals(4, Pricer.divideHalfEven(7, 2), "3.5 -> 4");
        assertEquals(3, Pricer.divideHalfEven(13, 4), "3.25 -> 3");
        assertEquals(4, Pricer.divideHalfEven(15, 4), "3.75 -> 4");
        assertEquals(1, Pricer.divideHalfEven(Long.MAX_VALUE - 1, Long.MAX_VALUE), "a remainder past 2^62");
        assertEquals(0, Pricer.divideHalfEven(3, Long.MAX_VALUE), "tiny");
    }

    /** A catalog whose 33.3% and 7% discounts make per-token rates finer than 1e-12 USD. */
    private static PricingCatalog finelyDiscounted() {
        return PricingCatalog.parse("""
                version: "test-fine.1"
                currency: USD
                models:
                  m-small:
                    - effective_from: "2023-01-01T00:00:00Z"
                      input: 0.075
                      cached_input_read: 0.0375
                      cached_input_write: 0.09375
                      output: 0.30
                      reasoning: 0.30
                      usage_convention: openai
                    - effective_from: "2024-03-01T12:00:00.5Z"
                      input: 0.0123457
                      cached_input_read: 0.001
                      cached_input_write: 0.02
                      output: 0.0987654
                      reasoning: 0.0987654
                      usage_convention: anthropic
                gpu:
                  a100:
                    - effective_from: "2023-01-01T00:00:00Z"
                      per_hour: 1.234567
                voice:
                  - effective_from: "2023-01-01T00:00:00Z"
                    stt_per_second: 0.0043
                    llm_input_per_million: 0.05
                    llm_output_per_million: 0.08
                    tts_per_thousand_characters: 0.015
                    media_per_minute: 0.004
                tenants:
                  third-off:
                    - effective_from: "2023-06-01T00:00:00Z"
                      discount_percent: 33.3
                  seven-off:
                    - effective_from: "2023-06-01T00:00:00Z"
                      discount_percent: 7
                """, "fine discounts");
    }

    /** Compares both paths for each usage at instants around every period start; {compared, priced exactly, of them by the fast path too}. */
    private static long[] compareAll(PricingCatalog catalog, List<Object[]> usage, int every) {
        Pricer pricer = catalog.pricer();
        Set<Instant> instants = new LinkedHashSet<>();
        catalog.models().values().forEach(periods -> periods.forEach(p -> addAround(instants, p.effectiveFrom())));
        catalog.gpu().values().forEach(periods -> periods.forEach(p -> addAround(instants, p.effectiveFrom())));
        catalog.tenants().values().forEach(periods -> periods.forEach(p -> addAround(instants, p.effectiveFrom())));
        List<String> modes = new ArrayList<>(catalog.gpu().keySet());
        modes.add(Pricer.HOSTED);
        List<String> tenants = new ArrayList<>(catalog.tenants().keySet());
        tenants.add("tenant-without-terms");
        Pricer.PicoCost out = new Pricer.PicoCost();
        long compared = 0;
        long priced = 0;
        long fast = 0;
        int n = 0;
        for (String model : catalog.models().keySet()) {
            for (Instant ts : instants) {
                for (String mode : modes) {
                    for (String tenant : tenants) {
                        for (int i = (n++) % every; i < usage.size(); i += every) {
                            Object[] u = usage.get(i);
                            compared++;
                            int outcome = compare(pricer, out, tenant, model, mode, ts, u);
                            priced += outcome > 0 ? 1 : 0;
                            fast += outcome == 2 ? 1 : 0;
                        }
                    }
                }
            }
        }
        return new long[] {compared, priced, fast};
    }

    private static void addAround(Set<Instant> instants, Instant start) {
        instants.add(start.minusMillis(1));
        instants.add(start);
        instants.add(start.plusMillis(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        instants.add(start.plusSeconds(86_400 * 10).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    /** 2: the fast path priced it (and agreed); 1: only the exact path priced it; 0: both declined. */
    private static int compare(
            Pricer pricer, Pricer.PicoCost out, String tenant, String model, String mode, Instant ts, Object[] u) {
        long input = (long) u[0];
        long cachedRead = (long) u[1];
        long cachedWrite = (long) u[2];
        long output = (long) u[3];
        long reasoning = (long) u[4];
        BigDecimal gpu = (BigDecimal) u[5];
        SlmCost exact;
        try {
            exact = pricer.price(
                    new SlmUsage(tenant, model, mode, ts, input, cachedRead, cachedWrite, output, reasoning, gpu));
        } catch (UnpricedEventException | IllegalArgumentException refused) {
            assertFalse(
                    pricer.pricePico(
                            tenant,
                            model,
                            mode,
                            ts.toEpochMilli(),
                            input,
                            cachedRead,
                            cachedWrite,
                            output,
                            reasoning,
                            gpu.unscaledValue().longValueExact(),
                            gpu.scale(),
                            out),
                    () -> "the exact path refuses " + model + " at " + ts + " (" + refused.getMessage()
                            + "), the fast one did not");
            return 0;
        }
        if (!pricer.pricePico(
                tenant,
                model,
                mode,
                ts.toEpochMilli(),
                input,
                cachedRead,
                cachedWrite,
                output,
                reasoning,
                gpu.unscaledValue().longValueExact(),
                gpu.scale(),
                out)) {
            return 1;
        }
        String what = model + " " + mode + " " + tenant + " at " + ts + " tokens " + input + "/" + cachedRead + "/"
                + cachedWrite + "/" + output + "/" + reasoning + " gpu " + gpu;
        assertSame12(exact.input(), out.input, what + ": input");
        assertSame12(exact.cachedRead(), out.cachedRead, what + ": cached read");
        assertSame12(exact.cachedWrite(), out.cachedWrite, what + ": cached write");
        assertSame12(exact.output(), out.output, what + ": output");
        assertSame12(exact.reasoning(), out.reasoning, what + ": reasoning");
        assertSame12(exact.gpu(), out.gpu, what + ": gpu");
        assertSame12(exact.total(), out.total, what + ": total");
        BilledTokens b = exact.billed();
        assertEquals(
                List.of(b.input(), b.cachedRead(), b.cachedWrite(), b.output(), b.reasoning(), b.total()),
                List.of(
                        out.billedInput,
                        out.billedCachedRead,
                        out.billedCachedWrite,
                        out.billedOutput,
                        out.billedReasoning,
                        out.billedTotal()),
                what + ": billed tokens");
        // The escalation path of the same model (no cache, no GPU) against price(EscalationUsage).
        EscalationCost esc;
        try {
            esc = pricer.price(new EscalationUsage(tenant, model, ts, input, output, reasoning));
        } catch (UnpricedEventException refused) {
            assertFalse(pricer.pricePico(tenant, model, ts.toEpochMilli(), input, output, reasoning, out), what);
            return 2;
        }
        if (pricer.pricePico(tenant, model, ts.toEpochMilli(), input, output, reasoning, out)) {
            assertSame12(esc.input(), out.input, what + ": escalation input");
            assertSame12(esc.output(), out.output, what + ": escalation output");
            assertSame12(esc.reasoning(), out.reasoning, what + ": escalation reasoning");
            assertSame12(esc.total(), out.total, what + ": escalation total");
        }
        return 2;
    }

    /** The very BigDecimal (value and scale 12) the exact path gave. */
    private static void assertSame12(BigDecimal exact, long pico, String what) {
        assertEquals(exact, BigDecimal.valueOf(pico, Money.STORAGE_SCALE), what);
    }
}
