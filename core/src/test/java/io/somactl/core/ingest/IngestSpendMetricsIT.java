package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.ingest.metrics.MetricsServer;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.testing.IngestFixture;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The worker's /metrics after a real ingest, with a quarter of the events sent twice: promtool accepts
 * the scrape, and the spend counters per tenant and model equal, to the last decimal, what ClickHouse
 * holds for the events ingested (each once).
 */
@Tag("stack")
class IngestSpendMetricsIT {
    private static final Pattern SERIES = Pattern.compile(
            "^(somactl_ingest_(?:cost_usd|tokens)_total)\\{tenant=\"([^\"]*)\",model=\"([^\"]*)\"} (\\S+)$",
            Pattern.MULTILINE);

    @Test
    void spendOnMetricsEqualsClickHouseSumsAndPromtoolAcceptsTheScrape() throws Exception {
        IngestFixture fixture = new IngestFixture("spendmetrics");
        List<io.somactl.core.fixtures.TopicEvent> events = IngestFixture.trace(6_000);
        fixture.produce(events);
        fixture.produce(events.subList(0, 1_500)); // sent again (same event ids): stored and counted once

        IngestMetrics metrics = new IngestMetrics();
        String scrape;
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
                MetricsServer server = MetricsServer.start("127.0.0.1", 0, metrics);
                IngestWorker worker = new IngestWorker(
                        IngestRun.config(fixture, "spend-" + fixture.name, 2_000),
                        fixture.kafka(),
                        fixture.clickHouse,
                        IngestRun.counters(fixture, redis),
                        PricingCatalog.loadBundled().pricer(),
                        metrics,
                        snapshot -> {},
                        message -> System.err.println("ingest: " + message))) {
            worker.run();
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            scrape = response.body();
        }

        Map<String, BigDecimal> costOnMetrics = new TreeMap<>();
        Map<String, Long> tokensOnMetrics = new TreeMap<>();
        Matcher m = SERIES.matcher(scrape);
        while (m.find()) {
            String key = m.group(2) + "/" + m.group(3);
            if (m.group(1).equals("somactl_ingest_cost_usd_total")) {
                costOnMetrics.put(key, new BigDecimal(m.group(4)));
            } else {
                tokensOnMetrics.put(key, Long.parseLong(m.group(4)));
            }
        }
        assertFalse(costOnMetrics.isEmpty(), "no spend series on /metrics:\n" + scrape);
        assertTrue(
                scrape.lines().anyMatch(l -> l.startsWith("somactl_ingest_events_duplicate") && !l.endsWith(" 0")),
                "the events sent twice should show as duplicates:\n" + scrape);

        Map<String, BigDecimal> costInClickHouse = new TreeMap<>();
        Map<String, Long> tokensInClickHouse = new TreeMap<>();
        add(
                fixture,
                costInClickHouse,
                tokensInClickHouse,
                "SELECT tenant, model_id, toString(sum(cost_usd)), toString(sum("
                        + "input_tokens + ifNull(cached_input_read_tokens, 0) + ifNull(cached_input_write_tokens, 0) + output_tokens"
                        + " + ifNull(reasoning_tokens, 0))) FROM " + Topic.SLM_METRICS.table()
                        + " GROUP BY tenant, model_id");
        add(
                fixture,
                costInClickHouse,
                tokensInClickHouse,
                "SELECT tenant, oss_model_id, toString(sum(cost_usd)), toString(sum("
                        + "input_tokens + output_tokens + ifNull(reasoning_tokens, 0))) FROM "
                        + Topic.ESCALATION_METRICS.table()
                        + " GROUP BY tenant, oss_model_id");
        add(
                fixture,
                costInClickHouse,
                tokensInClickHouse,
                "SELECT tenant, 'voice', toString(sum(cost_usd)), toString(sum("
                        + "ifNull(input_tokens, 0) + ifNull(output_tokens, 0))) FROM "
                        + Topic.CONVERSATION_METRICS.table()
                        + " WHERE channel = 'voice' GROUP BY tenant");
        assertEquals(
                costInClickHouse.keySet(),
                costOnMetrics.keySet(),
                "the (tenant, model) pairs on /metrics differ from ClickHouse's");
        costInClickHouse.forEach((key, cost) -> assertEquals(
                0,
                cost.compareTo(costOnMetrics.get(key)),
                key + ": cost on /metrics " + costOnMetrics.get(key) + " differs from ClickHouse's sum " + cost));
        assertEquals(
                tokensInClickHouse,
                tokensOnMetrics,
                "tokens per tenant and model on /metrics differ from ClickHouse's sums");

        assertTrue(
                scrape.contains("somactl_ingest_pricing_catalog_info{version=\""
                        + PricingCatalog.loadBundled().pricer().version() + "\"} 1"),
                "the pricing catalog version is not on /metrics:\n" + scrape);
        assertTrue(
                scrape.contains("somactl_ingest_consumer_partition_lag{topic=\"" + fixture.topics.prefix()
                        + "slm.metrics\",partition=\"0\"} 0"),
                "no caught-up per-partition lag on /metrics:\n" + scrape);
        String promtool = promtoolCheckMetrics(scrape);
        assertEquals("", promtool.strip(), "promtool check metrics found problems in the scrape");
    }

    private static void add(IngestFixture fixture, Map<String, BigDecimal> cost, Map<String, Long> tokens, String sql) {
        for (List<String> row : fixture.clickHouse.select(sql)) {
            String key = row.get(0) + "/" + row.get(1);
            cost.merge(key, new BigDecimal(row.get(2)), BigDecimal::add);
            tokens.merge(key, Long.parseLong(row.get(3)), Long::sum);
        }
    }

    /** promtool check metrics reads a scrape on stdin; it exits 0 and prints nothing when the scrape is clean. */
    private static String promtoolCheckMetrics(String scrape) throws Exception {
        Process process = new ProcessBuilder("promtool", "check", "metrics")
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), "promtool check metrics failed:\n" + out);
        return out;
    }
}
