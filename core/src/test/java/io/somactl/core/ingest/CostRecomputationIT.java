package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TelemetryGenerator;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.fixtures.TraceFixture;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.UsageReconciliation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every stored event's cost, worked out again by this test from the event's own fields and the
 * price sheet below (plain BigDecimal arithmetic, the rules of docs/pricing.md, no somactl pricing
 * code), equals what ingest stored in ClickHouse, component by component, to the last of 12
 * decimals. The events are one pass over the real Azure trace (fixed seed), with cached writes and
 * reasoning tokens added to a share of them (derived from their own token counts: the generator
 * reports neither); ingest prices them with {@code pricing/recompute-catalog.yaml}, whose figures
 * are the ones below. The test also checks that its events met every rule it is meant to check.
 */
@Tag("stack")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CostRecomputationIT {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final String VERSION = "test-recompute.1";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Instant LONG_AGO = Instant.parse("2023-06-01T00:00:00Z");

    // ---- the price sheet: the figures of pricing/recompute-catalog.yaml, written out again ----

    /** USD per 1M tokens of each class. */
    record Rates(BigDecimal input, BigDecimal read, BigDecimal write, BigDecimal output, BigDecimal reasoning) {}

    /** A model's prices from {@code from}: base rates and tiers by the context they are above. */
    record ModelPeriod(Instant from, Rates base, NavigableMap<Long, Rates> tiers) {}

    record VoiceRates(
            Instant from,
            BigDecimal sttPerSecond,
            BigDecimal llmInPerMillion,
            BigDecimal llmOutPerMillion,
            BigDecimal ttsPerThousandChars,
            BigDecimal mediaPerMinute) {}

    /** A tenant's override period: a discount (or null), whether it covers voice, custom model rates. */
    record Override(
            Instant from, BigDecimal discountPercent, boolean discountsVoice, Map<String, ModelPeriod> custom) {}

    private static Rates rates(String input, String read, String write, String output, String reasoning) {
        return new Rates(
                new BigDecimal(input),
                new BigDecimal(read),
                new BigDecimal(write),
                new BigDecimal(output),
                new BigDecimal(reasoning));
    }

    private static ModelPeriod period(String from, Rates base, Object... tiers) {
        NavigableMap<Long, Rates> byThreshold = new TreeMap<>();
        for (int i = 0; i < tiers.length; i += 2) {
            byThreshold.put(((Number) tiers[i]).longValue(), (Rates) tiers[i + 1]);
        }
        return new ModelPeriod(Instant.parse(from), base, byThreshold);
    }

    private static final Map<String, List<ModelPeriod>> MODELS = Map.of(
            "soma-slm-8b",
                    List.of(
                            period(
                                    "2023-06-01T00:00:00Z",
                                    rates("0.06", "0.015", "0.075", "0.12", "0.12"),
                                    2000,
                                    rates("0.09", "0.0225", "0.1125", "0.18", "0.18"),
                                    4000,
                                    rates("0.12", "0.03", "0.15", "0.24", "0.24")),
                            period(
                                    "2023-11-16T18:45:00Z",
                                    rates("0.05", "0.0125", "0.0625", "0.10", "0.11"),
                                    2000,
                                    rates("0.075", "0.01875", "0.09375", "0.15", "0.165"))),
            "soma-slm-3b", List.of(period("2023-06-01T00:00:00Z", rates("0.02", "0.005", "0.025", "0.04", "0.04"))),
            "soma-slm-8b-long",
                    List.of(period(
                            "2023-06-01T00:00:00Z",
                            rates("0.08", "0.02", "0.10", "0.16", "0.16"),
                            1500,
                            rates("0.16", "0.04", "0.20", "0.32", "0.32"))),
            "llama-3.1-70b",
                    List.of(period(
                            "2023-06-01T00:00:00Z",
                            rates("0.59", "0.295", "0.59", "0.79", "0.79"),
                            3000,
                            rates("1.18", "0.59", "1.18", "1.58", "1.58"))),
            "qwen2.5-72b",
                    List.of(
                            period("2023-06-01T00:00:00Z", rates("0.40", "0.20", "0.40", "0.60", "0.60")),
                            period("2023-11-16T18:50:00Z", rates("0.35", "0.175", "0.35", "0.55", "0.55"))));

    /** USD per GPU-hour by deployment mode, by the instant it starts. */
    private static final Map<String, NavigableMap<Instant, BigDecimal>> GPU = Map.of(
            "self_hosted",
                    new TreeMap<>(Map.of(
                            LONG_AGO,
                            new BigDecimal("2.10"),
                            Instant.parse("2023-11-16T18:30:00Z"),
                            new BigDecimal("1.95"))),
            "edge", new TreeMap<>(Map.of(LONG_AGO, new BigDecimal("0.42"))));

    private static final List<VoiceRates> VOICE = List.of(
            new VoiceRates(
                    LONG_AGO,
                    new BigDecimal("0.0043"),
                    new BigDecimal("0.05"),
                    new BigDecimal("0.08"),
                    new BigDecimal("0.015"),
                    new BigDecimal("0.004")),
            new VoiceRates(
                    Instant.parse("2023-11-16T19:00:00Z"),
                    new BigDecimal("0.0045"),
                    new BigDecimal("0.06"),
                    new BigDecimal("0.09"),
                    new BigDecimal("0.016"),
                    new BigDecimal("0.0045")));

    private static final Map<String, List<Override>> TENANTS = Map.of(
            "acme",
                    List.of(new Override(
                            LONG_AGO,
                            new BigDecimal("12.5"),
                            true,
                            Map.of(
                                    "llama-3.1-70b",
                                    period("2023-06-01T00:00:00Z", rates("0.50", "0.25", "0.50", "0.70", "0.70"))))),
            "globex",
                    List.of(
                            new Override(Instant.parse("2023-11-16T18:40:00Z"), new BigDecimal("7"), false, Map.of()),
                            new Override(Instant.parse("2023-11-16T19:05:00Z"), null, false, Map.of())),
            "initech",
                    List.of(new Override(
                            LONG_AGO,
                            new BigDecimal("5"),
                            false,
                            Map.of(
                                    "soma-slm-8b",
                                    period(
                                            "2023-06-01T00:00:00Z",
                                            rates("0.04", "0.01", "0.05", "0.08", "0.09"),
                                            3000,
                                            rates("0.06", "0.015", "0.075", "0.12", "0.135"))))));

    // ---- the run ----

    private final Map<String, JsonNode> produced = new HashMap<>();
    private final Map<Topic, Long> producedByTopic = new HashMap<>();
    /** The rules the events met, as they were recomputed. */
    private final Set<String> covered = new TreeSet<>();

    private IngestFixture fixture;

    @BeforeAll
    void ingestOnePassOfTheTraceWithTheTestCatalog() throws Exception {
        fixture = new IngestFixture("recompute");
        List<TopicEvent> events = new ArrayList<>();
        int slm = 0;
        int escalations = 0;
        for (TopicEvent event : new TelemetryGenerator(TraceFixture.loadDefault(), TelemetryGenerator.DEFAULT_SEED)
                .onePass()
                .toList()) {
            ObjectNode json = (ObjectNode) JSON.readTree(event.json());
            if (event.topic() == Topic.SLM_METRICS) {
                slm++;
                if (slm % 4 == 1) { // a prompt-cache write of a fifth of the prompt
                    json.put(
                            "cached_input_write_tokens",
                            Math.max(1, json.get("input_tokens").asLong() / 5));
                }
                if (slm % 3 == 2) { // hidden reasoning of half the visible output
                    json.put(
                            "reasoning_tokens",
                            Math.max(1, json.get("output_tokens").asLong() / 2));
                }
            } else if (event.topic() == Topic.ESCALATION_METRICS && ++escalations % 2 == 0) {
                json.put("reasoning_tokens", json.get("output_tokens").asLong() / 3 + 1);
            }
            String text = JSON.writeValueAsString(json);
            events.add(new TopicEvent(event.topic(), event.tenant(), text));
            produced.put(json.get("event_id").asText(), JSON.readTree(text));
            producedByTopic.merge(event.topic(), 1L, Long::sum);
        }
        fixture.produce(events);
        Path catalog;
        try {
            catalog = Path.of(CostRecomputationIT.class
                    .getResource("/pricing/recompute-catalog.yaml")
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        IngestConfig config = IngestRun.config(fixture, "g-" + fixture.name, 5_000);
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
                IngestWorker worker = new IngestWorker(
                        config,
                        fixture.kafka(),
                        fixture.clickHouse,
                        IngestRun.counters(fixture, redis),
                        PricingCatalog.load(catalog).pricer(),
                        new IngestMetrics(),
                        snapshot -> {},
                        message -> System.err.println("ingest: " + message))) {
            IngestSummary summary = worker.run();
            assertTrue(summary.clean(), "ingest did not finish cleanly: " + summary.problem());
        }
    }

    @Test
    void everyStoredSlmRequestCostsWhatItsTokensGpuTimeAndTheCatalogSay() {
        assertStoredCostsAreRecomputed(
                Topic.SLM_METRICS,
                List.of(
                        "cost_input_usd",
                        "cost_cached_read_usd",
                        "cost_cached_write_usd",
                        "cost_output_usd",
                        "cost_reasoning_usd",
                        "cost_gpu_usd",
                        "cost_usd"),
                this::slmCost);
        assertCovered(
                "slm input",
                "slm cached read",
                "slm cached write",
                "slm output",
                "slm reasoning",
                "gpu self_hosted before 18:30",
                "gpu self_hosted from 18:30",
                "gpu edge",
                "soma-slm-8b before 18:45",
                "soma-slm-8b from 18:45",
                "tier 2000 of soma-slm-8b before 18:45",
                "tier 4000 of soma-slm-8b before 18:45",
                "tier 2000 of soma-slm-8b from 18:45",
                "tier 1500 of soma-slm-8b-long",
                "discount 12.5% (acme)",
                "discount 7% (globex)",
                "globex before its discount",
                "globex after its discount",
                "custom rate of initech for soma-slm-8b",
                "custom tier 3000 of initech for soma-slm-8b",
                "gpu discount 5% on a custom rate (initech)",
                "list prices (no override)");
    }

    @Test
    void everyStoredEscalationCostsWhatItsTokensAndTheCatalogSay() {
        assertStoredCostsAreRecomputed(
                Topic.ESCALATION_METRICS,
                List.of("cost_input_usd", "cost_output_usd", "cost_reasoning_usd", "cost_usd"),
                this::escalationCost);
        assertCovered(
                "escalation reasoning",
                "qwen2.5-72b before 18:50",
                "qwen2.5-72b from 18:50",
                "tier 3000 of llama-3.1-70b",
                "custom rate of acme for llama-3.1-70b",
                "escalation discount 12.5% (acme)");
    }

    @Test
    void everyStoredConversationTurnCostsWhatItsVoiceUsageAndTheCatalogSay() {
        assertStoredCostsAreRecomputed(
                Topic.CONVERSATION_METRICS,
                List.of("cost_stt_usd", "cost_llm_usd", "cost_tts_usd", "cost_media_usd", "cost_usd"),
                this::conversationCost);
        assertCovered(
                "voice turn before 19:00",
                "voice turn from 19:00",
                "voice discount 12.5% (acme)",
                "voice of a discounted tenant at list (globex)",
                "text turn");
    }

    @Test
    void redisCountedWhatClickHouseStored() {
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    private void assertCovered(String... rules) {
        List<String> missing = new ArrayList<>();
        for (String rule : rules) {
            if (!covered.contains(rule)) {
                missing.add(rule);
            }
        }
        assertEquals(List.of(), missing, "the events never met these rules, so they were not checked; met: " + covered);
    }

    private interface Recompute {
        List<BigDecimal> cost(JsonNode event);
    }

    private void assertStoredCostsAreRecomputed(Topic topic, List<String> columns, Recompute recompute) {
        List<List<String>> rows = fixture.clickHouse.select("SELECT toString(event_id), pricing_version, "
                + String.join(
                        ", ", columns.stream().map(c -> "toString(" + c + ")").toList()) + " FROM " + topic.table());
        assertEquals(producedByTopic.get(topic), (long) rows.size(), topic + ": rows stored and events produced");
        List<String> wrong = new ArrayList<>();
        for (List<String> row : rows) {
            JsonNode event = produced.get(row.get(0));
            assertTrue(event != null, topic + ": a stored row has an event_id nobody produced: " + row.get(0));
            assertEquals(VERSION, row.get(1), "pricing_version of " + row.get(0));
            List<BigDecimal> expected = recompute.cost(event);
            for (int i = 0; i < columns.size(); i++) {
                BigDecimal stored = new BigDecimal(row.get(2 + i));
                if (stored.compareTo(expected.get(i)) != 0 && wrong.size() < 10) {
                    wrong.add(columns.get(i) + " of " + event + ": stored " + stored.toPlainString() + ", recomputed "
                            + expected.get(i).toPlainString());
                }
            }
        }
        assertEquals(List.of(), wrong, topic + ": stored costs that differ from the recomputation");
    }

    // ---- the recomputation: docs/pricing.md, in plain BigDecimal ----

    /** {@code quantity × rate × factor / (per × 100)}, rounded once to 12 places, HALF_EVEN; factor is 100 − discount. */
    private static BigDecimal money(BigDecimal quantity, BigDecimal rate, BigDecimal factor, long per) {
        return quantity.multiply(rate)
                .multiply(factor)
                .divide(BigDecimal.valueOf(per).multiply(HUNDRED), 12, RoundingMode.HALF_EVEN);
    }

    private static <T> T latest(List<T> periods, java.util.function.Function<T, Instant> from, Instant ts) {
        T found = null;
        for (T period : periods) {
            if (!from.apply(period).isAfter(ts)
                    && (found == null || from.apply(period).isAfter(from.apply(found)))) {
                found = period;
            }
        }
        return found;
    }

    private Override override(String tenant, Instant ts) {
        Override found = latest(TENANTS.getOrDefault(tenant, List.of()), Override::from, ts);
        if (tenant.equals("globex")) {
            covered.add(
                    found == null
                            ? "globex before its discount"
                            : found.discountPercent() == null ? "globex after its discount" : "discount 7% (globex)");
        }
        return found;
    }

    /** The rates for {@code context} tokens and the token factor (100 − discount; 100 on a custom rate). */
    private record Priced(Rates rates, BigDecimal tokenFactor) {}

    private Priced modelRates(String prefix, String tenant, String model, Instant ts, long context, Override override) {
        ModelPeriod custom = override == null ? null : override.custom().get(model);
        ModelPeriod period = custom != null ? custom : latest(MODELS.get(model), ModelPeriod::from, ts);
        Map.Entry<Long, Rates> tier =
                period.tiers().lowerEntry(context); // the highest threshold strictly below the context
        if (custom != null) {
            covered.add("custom rate of " + tenant + " for " + model);
            if (tier != null) {
                covered.add("custom tier " + tier.getKey() + " of " + tenant + " for " + model);
            }
            return new Priced(tier != null ? tier.getValue() : period.base(), HUNDRED);
        }
        String when = MODELS.get(model).size() == 1
                ? ""
                : (period == MODELS.get(model).get(0) ? " before " : " from ")
                        + MODELS.get(model).get(1).from().toString().substring(11, 16);
        covered.add(model + when);
        if (tier != null) {
            covered.add("tier " + tier.getKey() + " of " + model + when);
        }
        BigDecimal factor = HUNDRED;
        if (override != null && override.discountPercent() != null) {
            factor = HUNDRED.subtract(override.discountPercent());
            covered.add(prefix + "discount " + override.discountPercent().toPlainString() + "% (" + tenant + ")");
        } else {
            covered.add("list prices (no override)");
        }
        return new Priced(tier != null ? tier.getValue() : period.base(), factor);
    }

    private List<BigDecimal> slmCost(JsonNode e) {
        Instant ts = Instant.parse(e.get("ts").asText());
        String tenant = e.get("tenant").asText();
        long input = e.get("input_tokens").asLong();
        long read = e.path("cached_input_read_tokens").asLong(0);
        long write = e.path("cached_input_write_tokens").asLong(0);
        long output = e.get("output_tokens").asLong();
        long reasoning = e.path("reasoning_tokens").asLong(0);
        Override override = override(tenant, ts);
        Priced priced = modelRates("", tenant, e.get("model_id").asText(), ts, input + read + write, override);
        Rates r = priced.rates();
        BigDecimal f = priced.tokenFactor();
        List<BigDecimal> costs = new ArrayList<>(List.of(
                money(BigDecimal.valueOf(input), r.input(), f, 1_000_000),
                money(BigDecimal.valueOf(read), r.read(), f, 1_000_000),
                money(BigDecimal.valueOf(write), r.write(), f, 1_000_000),
                money(BigDecimal.valueOf(output), r.output(), f, 1_000_000),
                money(BigDecimal.valueOf(reasoning), r.reasoning(), f, 1_000_000)));
        String[] classes = {"slm input", "slm cached read", "slm cached write", "slm output", "slm reasoning"};
        for (int i = 0; i < classes.length; i++) {
            if (costs.get(i).signum() > 0) {
                covered.add(classes[i]);
            }
        }
        // GPU: seconds × per-hour / 3600, discounted by the tenant's discount even on a custom model rate
        String mode = e.get("deployment_mode").asText();
        Map.Entry<Instant, BigDecimal> gpu = GPU.get(mode).floorEntry(ts);
        BigDecimal gpuFactor = HUNDRED;
        if (override != null && override.discountPercent() != null) {
            gpuFactor = HUNDRED.subtract(override.discountPercent());
            if (override.custom().containsKey(e.get("model_id").asText())) {
                covered.add("gpu discount " + override.discountPercent().toPlainString() + "% on a custom rate ("
                        + tenant + ")");
            }
        }
        BigDecimal gpuSeconds = e.has("gpu_seconds") ? e.get("gpu_seconds").decimalValue() : BigDecimal.ZERO;
        costs.add(money(gpuSeconds, gpu.getValue(), gpuFactor, 3600));
        covered.add("gpu " + mode
                + (GPU.get(mode).size() == 1 ? "" : gpu.getKey().equals(LONG_AGO) ? " before 18:30" : " from 18:30"));
        costs.add(costs.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        return costs;
    }

    private List<BigDecimal> escalationCost(JsonNode e) {
        Instant ts = Instant.parse(e.get("ts").asText());
        String tenant = e.get("tenant").asText();
        long input = e.get("input_tokens").asLong();
        long output = e.get("output_tokens").asLong();
        long reasoning = e.path("reasoning_tokens").asLong(0);
        Priced priced =
                modelRates("escalation ", tenant, e.get("oss_model_id").asText(), ts, input, override(tenant, ts));
        Rates r = priced.rates();
        BigDecimal f = priced.tokenFactor();
        List<BigDecimal> costs = new ArrayList<>(List.of(
                money(BigDecimal.valueOf(input), r.input(), f, 1_000_000),
                money(BigDecimal.valueOf(output), r.output(), f, 1_000_000),
                money(BigDecimal.valueOf(reasoning), r.reasoning(), f, 1_000_000)));
        if (reasoning > 0) {
            covered.add("escalation reasoning");
        }
        costs.add(costs.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        return costs;
    }

    private List<BigDecimal> conversationCost(JsonNode e) {
        if (!"voice".equals(e.path("channel").asText())) {
            covered.add("text turn");
            return List.of(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        }
        Instant ts = Instant.parse(e.get("ts").asText());
        String tenant = e.get("tenant").asText();
        VoiceRates v = latest(VOICE, VoiceRates::from, ts);
        covered.add(v == VOICE.get(0) ? "voice turn before 19:00" : "voice turn from 19:00");
        Override override = override(tenant, ts);
        BigDecimal f = HUNDRED;
        if (override != null && override.discountPercent() != null) {
            if (override.discountsVoice()) {
                f = HUNDRED.subtract(override.discountPercent());
                covered.add("voice discount " + override.discountPercent().toPlainString() + "% (" + tenant + ")");
            } else {
                covered.add("voice of a discounted tenant at list (" + tenant + ")");
            }
        }
        BigDecimal llm = BigDecimal.valueOf(e.path("input_tokens").asLong(0))
                .multiply(v.llmInPerMillion())
                .add(BigDecimal.valueOf(e.path("output_tokens").asLong(0)).multiply(v.llmOutPerMillion()));
        List<BigDecimal> costs = new ArrayList<>(List.of(
                money(decimal(e, "stt_seconds"), v.sttPerSecond(), f, 1),
                money(llm, BigDecimal.ONE, f, 1_000_000),
                money(decimal(e, "tts_characters"), v.ttsPerThousandChars(), f, 1000),
                money(decimal(e, "media_seconds"), v.mediaPerMinute(), f, 60)));
        costs.add(costs.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        return costs;
    }

    private static BigDecimal decimal(JsonNode e, String field) {
        return e.hasNonNull(field) ? e.get(field).decimalValue() : BigDecimal.ZERO;
    }
}
