package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.events.Topic;
import io.somactl.core.pricing.BilledTokens;
import io.somactl.core.pricing.EscalationUsage;
import io.somactl.core.pricing.ModelPricePeriod;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.pricing.SlmUsage;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Raw;
import io.somactl.core.testing.UsageReconciliation;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The bundled catalog prices what the contract allows: every schema example and every model it lists. */
@Tag("stack")
class BundledCatalogIngestIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void everyBundledSchemaExampleIsStoredAndPricedWithNoDeadLetter() throws IOException {
        IngestFixture fixture = new IngestFixture("examples");
        List<Raw> records = new ArrayList<>();
        Path examples = projectRoot().resolve("schemas").resolve("examples");
        for (Topic topic : Topic.values()) {
            try (Stream<Path> files = Files.list(examples.resolve(topic.topicName()))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json"))
                        .sorted()
                        .toList()) {
                    String json = JSON.readTree(Files.readString(file)).toString();
                    records.add(
                            new Raw(topic, JSON.readTree(json).path("tenant").asText(), json));
                }
            }
        }
        IngestFixture.Expected expected = fixture.produceRaw(records);

        IngestSummary summary = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 100));

        assertTrue(summary.clean(), "ingest did not finish cleanly: " + summary.problem());
        assertEquals(
                0L,
                deadLetters(summary),
                "no schema example may be dead-lettered with the bundled catalog: "
                        + summary.totals().deadLetteredByTopic());
        for (Topic topic : Topic.values()) {
            assertEquals(expected.events.get(topic), fixture.count(topic), topic.topicName() + " examples stored");
        }
        assertEquals(
                "0.000000000000",
                fixture.clickHouse.selectValue(
                        "SELECT toString(sum(cost_gpu_usd)) FROM slm_metrics WHERE deployment_mode = 'hosted'"),
                "the hosted example is priced by its tokens only");
        assertEquals(
                1L,
                Long.parseLong(fixture.clickHouse.selectValue(
                        "SELECT count() FROM slm_metrics WHERE deployment_mode = 'hosted' AND cost_usd > 0")),
                "the hosted example costs its tokens");
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    @Test
    void eventsForEveryModelOfTheBundledCatalogArePricedWithNoDeadLetterAndStoreBilledTokens() {
        PricingCatalog catalog = PricingCatalog.loadBundled();
        Pricer pricer = catalog.pricer();
        IngestFixture fixture = new IngestFixture("every_model");
        List<Raw> records = new ArrayList<>();
        BigDecimal slmCost = BigDecimal.ZERO;
        BigDecimal escalationCost = BigDecimal.ZERO;
        long billedInput = 0;
        long billedOutput = 0;
        for (Map.Entry<String, List<ModelPricePeriod>> model : catalog.models().entrySet()) {
            String id = model.getKey();
            Instant ts = model.getValue()
                    .get(model.getValue().size() - 1)
                    .effectiveFrom()
                    .plus(Duration.ofMinutes(90));
            // Reported as each provider reports them: 3000 prompt / 400 completion tokens, of which 1000 read
            // from and 500 written to the cache and 100 reasoning (inside or beside, per the model's convention).
            records.add(new Raw(Topic.SLM_METRICS, "acme", slmEvent(id, ts)));
            records.add(new Raw(Topic.ESCALATION_METRICS, "acme", escalationEvent(id, ts)));
            var slm = pricer.price(
                    new SlmUsage("acme", id, Pricer.HOSTED, ts, 3000, 1000, 500, 400, 100, BigDecimal.ZERO));
            var escalation = pricer.price(new EscalationUsage("acme", id, ts, 3000, 400, 100));
            slmCost = slmCost.add(slm.total());
            escalationCost = escalationCost.add(escalation.total());
            BilledTokens billed =
                    pricer.convention(id, ts).bill(3000, 1000, 500, 400, 100).orElseThrow();
            billedInput += billed.input();
            billedOutput += billed.output();
        }
        fixture.produceRaw(records);

        IngestSummary summary = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 500));

        assertTrue(summary.clean(), "ingest did not finish cleanly: " + summary.problem());
        assertEquals(
                0L,
                deadLetters(summary),
                "every model of the bundled catalog must price: "
                        + summary.totals().deadLetteredByTopic());
        int models = catalog.models().size();
        assertEquals(models, fixture.count(Topic.SLM_METRICS), "one request per model stored");
        assertEquals(models, fixture.count(Topic.ESCALATION_METRICS), "one escalation per model stored");
        assertEquals(0, slmCost.compareTo(fixture.costSum(Topic.SLM_METRICS)), "stored slm cost equals the pricer's");
        assertEquals(0, escalationCost.compareTo(fixture.costSum(Topic.ESCALATION_METRICS)), "stored escalation cost");
        assertEquals(
                billedInput,
                fixture.sum(Topic.SLM_METRICS, "input_tokens"),
                "input_tokens holds the billed plain input: prompt tokens minus the cache where the provider counts it inside");
        assertEquals(
                billedOutput,
                fixture.sum(Topic.SLM_METRICS, "output_tokens"),
                "output_tokens holds the visible output: completion tokens minus reasoning where the provider counts it inside");
        assertEquals(
                "1500",
                fixture.clickHouse.selectValue(
                        "SELECT toString(input_tokens) FROM slm_metrics WHERE model_id = 'gpt-4o'"),
                "gpt-4o (openai convention): 3000 prompt tokens of which 1500 cached are stored as 1500 plain input");
        assertEquals(
                "3000",
                fixture.clickHouse.selectValue(
                        "SELECT toString(input_tokens) FROM slm_metrics WHERE model_id = 'claude-sonnet-4-5'"),
                "claude (anthropic convention): input_tokens is already beside the cache");
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    @Test
    void anEventItsModelsConventionCannotProduceIsDeadLetteredWithItsReason() {
        IngestFixture fixture = new IngestFixture("impossible");
        String impossible = slmEvent("gpt-4o", Instant.parse("2026-12-02T10:00:00Z"))
                .replace("\"cached_input_read_tokens\":1000", "\"cached_input_read_tokens\":3500");
        fixture.produceRaw(List.of(new Raw(Topic.SLM_METRICS, "acme", impossible)));

        IngestSummary summary = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 100));

        assertTrue(summary.clean(), summary.problem());
        assertEquals(0, fixture.count(Topic.SLM_METRICS), "an impossible event is not stored");
        List<ConsumerRecord<byte[], byte[]>> dead = fixture.readAll(fixture.topics.deadLetterOf(Topic.SLM_METRICS), 1);
        assertEquals(1, dead.size(), "the impossible event is dead-lettered once");
        Header reason = dead.get(0).headers().lastHeader(DeadLetters.REASON);
        String text = new String(reason.value(), StandardCharsets.UTF_8);
        assertTrue(
                text.contains("impossible usage for model 'gpt-4o'")
                        && text.contains("cached tokens (3500 read + 500 write) exceed input_tokens 3000"),
                text);
    }

    private static String slmEvent(String model, Instant ts) {
        return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"ts\":\"" + MILLIS.format(ts) + "\",\"tenant\":\"acme\","
                + "\"schema_version\":1,\"model_id\":\"" + model
                + "\",\"persona\":\"support-agent\",\"role\":\"planner\","
                + "\"deployment_mode\":\"hosted\",\"session_id\":\"sess_1\",\"request_id\":\"req_1\",\"status\":\"ok\","
                + "\"input_tokens\":3000,\"output_tokens\":400,\"latency_ms\":812.5,\"cached_input_read_tokens\":1000,"
                + "\"cached_input_write_tokens\":500,\"reasoning_tokens\":100}";
    }

    private static String escalationEvent(String model, Instant ts) {
        return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"ts\":\"" + MILLIS.format(ts) + "\",\"tenant\":\"acme\","
                + "\"schema_version\":1,\"decision_reason\":\"low_confidence\",\"oss_model_id\":\"" + model + "\","
                + "\"base_url\":\"https://api.example.com/v1\",\"outcome\":\"success\",\"persona\":\"support-agent\","
                + "\"session_id\":\"sess_1\",\"request_id\":\"req_1\",\"latency_ms\":1200.0,\"input_tokens\":3000,"
                + "\"output_tokens\":400,\"reasoning_tokens\":100}";
    }

    private static long deadLetters(IngestSummary summary) {
        return summary.totals().deadLetteredByTopic().values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /** The checkout these tests run in (the module's parent), whatever somactl.projectRoot says about the trace. */
    private static Path projectRoot() {
        Path checkout = Path.of("").toAbsolutePath().getParent();
        return Files.isDirectory(checkout.resolve("schemas"))
                ? checkout
                : Path.of(System.getProperty("somactl.projectRoot", ".."));
    }
}
