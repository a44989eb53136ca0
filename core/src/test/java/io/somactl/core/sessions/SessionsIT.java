package io.somactl.core.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.ingest.FileReplay;
import io.somactl.core.ingest.IngestConfig;
import io.somactl.core.ingest.IngestRun;
import io.somactl.core.ingest.IngestSummary;
import io.somactl.core.ingest.IngestWorker;
import io.somactl.core.ingest.Replay;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.pricing.ModelPricePeriod;
import io.somactl.core.pricing.Money;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.pricing.TokenClass;
import io.somactl.core.pricing.TokenPrices;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.PostgresFixture;
import io.somactl.core.testing.SessionTotals;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageKeys;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions in PostgreSQL on the real stack: trace-derived telemetry ingested through Kafka with the
 * session sink, in several batches; every session and call total equals ClickHouse's; each escalation's
 * extra cost equals the difference of the two models' catalog prices for its tokens; a truncate and
 * {@code sessions rebuild} restore the rows exactly; a file replayed twice leaves them as once.
 */
@Tag("stack")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionsIT {
    private static final PricingCatalog CATALOG = PricingCatalog.loadBundled();

    private IngestFixture fixture;
    private PostgresFixture pg;

    @BeforeAll
    void ingestTraceWithSessions() {
        fixture = new IngestFixture("sessions");
        pg = new PostgresFixture(fixture.stack, fixture.database);
        List<TopicEvent> events = IngestFixture.trace(6_000);
        fixture.produce(events);
        IngestConfig config = IngestRun.config(fixture, "g-" + fixture.name, 700); // many batches
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
                PostgresSessionSink sink = pg.sink(fixture.clickHouse, CATALOG.pricer());
                IngestWorker worker = new IngestWorker(
                        config,
                        fixture.kafka(),
                        fixture.clickHouse,
                        new RedisUsageCounters(
                                redis.async(), new UsageKeys(fixture.redisPrefix), Duration.ofSeconds(10)),
                        CATALOG.pricer(),
                        new IngestMetrics(),
                        s -> {},
                        m -> System.err.println("ingest: " + m))) {
            worker.useSessions(sink);
            IngestSummary summary = worker.run();
            assertTrue(summary.clean(), summary.problem());
        }
        assertEquals(
                6_000,
                Topic.values().length == 0
                        ? 0
                        : java.util.Arrays.stream(Topic.values())
                                .mapToLong(fixture::count)
                                .sum());
    }

    @AfterAll
    void dropSchema() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void everySessionAndCallTotalEqualsClickHouse() {
        int sessions = SessionTotals.assertPostgresEqualsClickHouse(fixture.clickHouse, pg);
        assertTrue(sessions > 100, "the trace should make many sessions, made " + sessions);
        List<List<String>> offsets =
                pg.rows("SELECT source_topic, source_partition, applied_offset FROM ${schema}.applied_offsets");
        for (List<String> o : offsets) {
            String highest = fixture.clickHouse.selectValue(
                    "SELECT max(_offset) FROM (SELECT _offset FROM slm_metrics WHERE _topic = '"
                            + o.get(0) + "' AND _partition = " + o.get(1)
                            + " UNION ALL SELECT _offset FROM escalation_metrics WHERE _topic = '"
                            + o.get(0) + "' AND _partition = " + o.get(1)
                            + " UNION ALL SELECT _offset FROM conversation_metrics WHERE _topic = '"
                            + o.get(0) + "' AND _partition = " + o.get(1)
                            + " UNION ALL SELECT _offset FROM tool_metrics WHERE _topic = '"
                            + o.get(0) + "' AND _partition = " + o.get(1)
                            + " UNION ALL SELECT _offset FROM audio_metrics WHERE _topic = '"
                            + o.get(0) + "' AND _partition = " + o.get(1)
                            + " UNION ALL SELECT _offset FROM policy_events WHERE _topic = '"
                            + o.get(0) + "' AND _partition = " + o.get(1) + ")");
            assertEquals(
                    highest,
                    o.get(2),
                    "the applied offset of " + o.get(0) + ":" + o.get(1) + " should be the last stored");
        }
        long partitions = 0;
        for (Topic topic : Topic.values()) {
            partitions += Long.parseLong(
                    fixture.clickHouse.selectValue("SELECT uniqExact(_topic, _partition) FROM " + topic.table()));
        }
        assertEquals(partitions, offsets.size(), "every partition with rows should have its applied offset");
    }

    @Test
    @Order(2)
    void anEscalationsExtraCostIsTheDifferenceOfTheTwoModelsCatalogPricesForItsTokens() {
        List<List<String>> rows =
                pg.rows("SELECT from_model, to_model, (extract(epoch FROM at) * 1000)::bigint, input_tokens,"
                        + " output_tokens, reasoning_tokens, cost_usd, replaced_cost_usd, extra_cost_usd, tenant, request_id"
                        + " FROM ${schema}.session_escalations ORDER BY tenant, event_id");
        assertTrue(rows.size() > 20, "the trace should escalate often enough, escalated " + rows.size());
        BigDecimal total = BigDecimal.ZERO;
        for (List<String> r : rows) {
            assertNotNull(r.get(0), "every generated escalation has its SLM request: " + r);
            String slm = fixture.clickHouse.selectValue("SELECT any(model_id) FROM slm_metrics WHERE tenant = '"
                    + r.get(9) + "' AND request_id = '" + r.get(10) + "'");
            assertEquals(slm, r.get(0), "the replaced model is the SLM of the same request");
            Instant at = Instant.ofEpochMilli(Long.parseLong(r.get(2)));
            long in = Long.parseLong(r.get(3));
            long out = Long.parseLong(r.get(4));
            long reasoning = Long.parseLong(r.get(5));
            BigDecimal to = listPrice(r.get(1), at, in, out, reasoning);
            BigDecimal from = listPrice(r.get(0), at, in, out, reasoning);
            assertEquals(
                    0,
                    to.compareTo(new BigDecimal(r.get(6))),
                    "the escalation's stored cost should be its model's list price: " + r);
            assertEquals(0, from.compareTo(new BigDecimal(r.get(7))), "the replaced cost: " + r);
            assertEquals(0, to.subtract(from).compareTo(new BigDecimal(r.get(8))), "the extra cost: " + r);
            total = total.add(to.subtract(from));
        }
        String perSession = pg.rows("SELECT coalesce(sum(escalation_extra_cost_usd), 0) FROM ${schema}.sessions")
                .get(0)
                .get(0);
        assertEquals(
                0,
                total.compareTo(new BigDecimal(perSession)),
                "the sessions' extra costs should add up to the escalations'");
        assertTrue(total.signum() != 0, "escalating to a 70B model should cost something extra");
    }

    /**
     * The catalog's per-1M list prices of the period in force, by token class (tier by input tokens), each
     * component rounded once to 12 places as the catalog's rule says: computed here from the YAML's figures.
     */
    private static BigDecimal listPrice(String model, Instant at, long in, long out, long reasoning) {
        ModelPricePeriod period = null;
        for (ModelPricePeriod p : CATALOG.models().get(model)) {
            if (!p.effectiveFrom().isAfter(at)) {
                period = p;
            }
        }
        assertNotNull(period, model + " has no price at " + at);
        TokenPrices prices = period.prices().forContext(in);
        BigDecimal million = BigDecimal.valueOf(1_000_000);
        return Money.quantize(prices.get(TokenClass.INPUT)
                        .multiply(BigDecimal.valueOf(in))
                        .divide(million))
                .add(Money.quantize(prices.get(TokenClass.OUTPUT)
                        .multiply(BigDecimal.valueOf(out))
                        .divide(million)))
                .add(Money.quantize(prices.get(TokenClass.REASONING)
                        .multiply(BigDecimal.valueOf(reasoning))
                        .divide(million)));
    }

    @Test
    @Order(3)
    void rebuildAfterATruncateRestoresTheRowsExactly() {
        List<List<String>> before = SessionTotals.snapshot(pg);
        pg.store.truncate();
        assertEquals(
                "0", pg.rows("SELECT count(*) FROM ${schema}.sessions").get(0).get(0));
        try (PostgresSessionSink sink = pg.sink(fixture.clickHouse, CATALOG.pricer())) {
            SessionRebuild.Result result = new SessionRebuild(
                            new SessionComputer(fixture.clickHouse, CATALOG.pricer()), sink)
                    .rebuild(Instant.EPOCH);
            assertEquals(before.stream().filter(r -> r.size() == 21).count(), result.sessions());
        }
        List<List<String>> after = SessionTotals.snapshot(pg);
        assertEquals(before.size(), after.size(), "the rebuilt tables should have as many rows as ingest wrote");
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i), after.get(i), "row " + i + " rebuilt differs from the one ingest wrote");
        }
        SessionTotals.assertPostgresEqualsClickHouse(fixture.clickHouse, pg);
    }

    @Test
    @Order(4)
    void aFileReplayedTwiceLeavesTheSessionsAsOnce(@TempDir Path dir) throws Exception {
        IngestFixture files = new IngestFixture("sessionsfile");
        try (PostgresFixture filePg = new PostgresFixture(files.stack, files.database)) {
            Path file = dir.resolve("trace.ndjson");
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (TopicEvent e : IngestFixture.trace(3_000)) {
                    w.write("{\"topic\":\"" + e.topic().topicName() + "\",\"event\":" + e.json() + "}\n");
                }
            }
            assertEquals(3_000, replay(files, filePg, file).inserted());
            SessionTotals.assertPostgresEqualsClickHouse(files.clickHouse, filePg);
            List<List<String>> once = SessionTotals.snapshot(filePg);
            assertEquals(0, replay(files, filePg, file).inserted());
            assertEquals(once, SessionTotals.snapshot(filePg), "a second replay should change no session");
            assertEquals(
                    "2999",
                    filePg.rows("SELECT max(applied_offset) FROM ${schema}.applied_offsets"
                                    + " WHERE source_topic LIKE 'file:%'")
                            .get(0)
                            .get(0),
                    "the file's last line should be applied");
        }
    }

    private static Replay.Report replay(IngestFixture fixture, PostgresFixture pg, Path file) {
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
                PostgresSessionSink sink = pg.sink(fixture.clickHouse, CATALOG.pricer())) {
            FileReplay replay = new FileReplay(
                    new FileReplay.Request(
                            List.of(file), fixture.topics, false, 0, 400, 64 * 1024, IngestConfig.DEFAULT_DEDUP_WINDOW),
                    fixture.clickHouse,
                    new RedisUsageCounters(redis.async(), new UsageKeys(fixture.redisPrefix), Duration.ofSeconds(10)),
                    CATALOG.pricer(),
                    message -> System.err.println("replay: " + message));
            replay.useSessions(sink);
            return replay.run(line -> {});
        }
    }
}
