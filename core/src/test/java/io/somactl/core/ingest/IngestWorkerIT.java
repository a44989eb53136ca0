package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Expected;
import io.somactl.core.testing.IngestFixture.Raw;
import io.somactl.core.testing.UsageReconciliation;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageRebuild;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("stack")
class IngestWorkerIT {

    @Test
    void everyProducedEventLandsOnceWithExactTokenAndCostSumsAndRedisAgrees() {
        IngestFixture fixture = new IngestFixture("exact");
        Expected expected = fixture.produce(IngestFixture.trace(20_000));

        IngestSummary summary = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 5_000));

        assertTrue(summary.clean(), "ingest did not finish cleanly: " + summary.problem());
        assertStoredExactlyOnce(fixture, expected);
        for (Topic topic : List.of(Topic.SLM_METRICS, Topic.ESCALATION_METRICS)) {
            assertEquals(expected.inputTokens.get(topic), fixture.sum(topic, "input_tokens"), topic + " input tokens");
            assertEquals(
                    expected.outputTokens.get(topic), fixture.sum(topic, "output_tokens"), topic + " output tokens");
        }
        BigDecimal total = fixture.costSum(Topic.SLM_METRICS);
        BigDecimal components = new BigDecimal(
                fixture.clickHouse.selectValue(
                        "SELECT toString(sum(cost_input_usd + "
                                + "cost_cached_read_usd + cost_cached_write_usd + cost_output_usd + cost_reasoning_usd + cost_gpu_usd)) FROM slm_metrics"));
        assertEquals(
                0,
                total.compareTo(components),
                "slm cost total " + total + " is not the sum of its components " + components);
        assertTrue(total.signum() > 0, "the trace's usage must cost something");
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    @Test
    void everyStoredRowHoldsItsOwnEventsTextsIdAndTime() throws Exception {
        IngestFixture fixture = new IngestFixture("texts");
        List<TopicEvent> events = IngestFixture.trace(12_000).stream()
                .filter(event -> event.topic() == Topic.SLM_METRICS)
                .toList();
        fixture.produce(events);

        IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 2_000));

        String columns = "event_id, ts, tenant, model_id, persona, role, session_id, request_id, status";
        Map<String, String> stored = new HashMap<>();
        for (List<String> row : fixture.clickHouse.select(
                "SELECT toString(event_id), concat(formatDateTime(ts, '%Y-%m-%dT%H:%M:%S', 'UTC'),"
                        + " '.', substring(toString(1000 + ts_ms), 2, 3), 'Z'), tenant, model_id, persona, role, session_id, request_id, status"
                        + " FROM slm_metrics")) {
            stored.put(row.get(0), String.join("|", row));
        }
        ObjectMapper json = new ObjectMapper();
        int compared = 0;
        for (TopicEvent event : events) {
            JsonNode tree = json.readTree(event.json());
            List<String> expected = new ArrayList<>();
            for (String column : columns.split(", ")) {
                expected.add(tree.get(column).textValue());
            }
            assertEquals(
                    String.join("|", expected),
                    stored.get(expected.get(0)),
                    "the row stored for event " + expected.get(0) + " should hold that event's own values");
            compared++;
        }
        assertTrue(compared > 5_000, "too few slm.metrics events in the trace to compare: " + compared);
        assertEquals(compared, stored.size(), "rows stored for the slm.metrics events");
    }

    @Test
    void aSecondRunStoresNothingTwice() {
        IngestFixture fixture = new IngestFixture("again");
        Expected expected = fixture.produce(IngestFixture.trace(3_000));
        IngestConfig config = IngestRun.config(fixture, "g-" + fixture.name, 1_000);
        IngestRun.untilCaughtUp(fixture, config);
        IngestRun.untilCaughtUp(fixture, config);
        IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "other-group-" + fixture.name, 1_000));

        assertStoredExactlyOnce(fixture, expected);
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    @Test
    void rowsStoredButNeverCountedOrCommittedAreCountedOnResume() {
        // The state a kill leaves between the first insert and its Redis update: ClickHouse holds
        // the rows, Redis has counted nothing, and the consumer group has never committed.
        IngestFixture fixture = new IngestFixture("uncounted");
        Expected expected = fixture.produce(IngestFixture.trace(4_000));
        IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "first-" + fixture.name, 1_000));
        String freshRedis = fixture.redisPrefix + "_fresh";

        IngestRun.untilCaughtUp(
                fixture.withRedisPrefix(freshRedis), IngestRun.config(fixture, "second-" + fixture.name, 1_000));

        assertStoredExactlyOnce(fixture, expected);
        UsageReconciliation.assertRedisAgrees(fixture.withRedisPrefix(freshRedis));
    }

    @Test
    void aCronRunWhoseClickHouseStaysDownGivesUpSayingTheServerIsUnreachableAndStoresNothing() {
        IngestFixture fixture = new IngestFixture("giveup");
        fixture.produce(IngestFixture.trace(200));
        IngestConfig config = new IngestConfig(
                List.of(Topic.values()),
                fixture.topics,
                "g-" + fixture.name,
                1_000,
                Duration.ofMillis(200),
                64 * 1024,
                true,
                Duration.ofMillis(200),
                Duration.ofSeconds(3),
                2);
        io.somactl.core.clickhouse.HttpClickHouse nowhere =
                new io.somactl.core.clickhouse.HttpClickHouse(new io.somactl.core.clickhouse.ClickHouseSettings(
                        java.net.URI.create("http://127.0.0.1:1"),
                        "default",
                        io.somactl.core.Secret.none(),
                        fixture.database,
                        Duration.ofSeconds(1)));
        IngestSummary summary;
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
                IngestWorker worker = IngestRun.worker(fixture, config, redis, nowhere)) {
            summary = worker.run();
        }
        assertTrue(!summary.clean(), "a run that stored nothing must not end clean");
        assertTrue(
                summary.serverUnreachable(), "the summary should say a server was unreachable: " + summary.problem());
        assertTrue(summary.problem().contains("ClickHouse at http://127.0.0.1:1"), summary.problem());
        assertEquals(0, fixture.count(Topic.SLM_METRICS), "nothing reaches the real ClickHouse");
    }

    @Test
    void invalidEventsGoToTheDeadLetterTopicWithTheirReasonAndTheRestIsStored() throws Exception {
        IngestFixture fixture = new IngestFixture("dlq");
        List<TopicEvent> good = IngestFixture.trace(500);
        String sample = good.stream()
                .filter(e -> e.topic() == Topic.SLM_METRICS)
                .findFirst()
                .orElseThrow()
                .json();
        List<Raw> records = new ArrayList<>();
        good.forEach(e -> records.add(new Raw(e.topic(), e.tenant(), e.json())));
        Map<String, String> bad = new HashMap<>();
        bad.put("{not json", "not valid JSON");
        bad.put(sample.replace("\"input_tokens\":", "\"input_tokens\":-1,\"x\":"), "does not match");
        bad.put(
                sample.replaceFirst("\"tenant\":\"[^\"]*\"", "\"tenant\":\"evil'); DROP TABLE slm_metrics; --\""),
                "does not match");
        bad.put(sample.replaceFirst("\"model_id\":\"[^\"]*\"", "\"model_id\":\"no-such-model\""), "cannot price");
        bad.put("{\"pad\":\"" + "x".repeat(70_000) + "\"}", "larger than the limit");
        bad.put("[1,2,3]", "not a JSON object");
        bad.put(sample.replaceFirst("\"ts\":\"[^\"]*\"", "\"ts\":\"2023-02-30T10:00:00.000Z\""), "not a real time");
        bad.put(sample.replaceFirst("\"input_tokens\":\\d+", "\"input_tokens\":99999999999999999999"), "cannot ");
        bad.put(sample.replace("{", "{\"event_id\":\"00000000-0000-0000-0000-000000000000\","), "not valid JSON");
        bad.keySet().forEach(value -> records.add(new Raw(Topic.SLM_METRICS, "acme", value)));
        Expected expected = fixture.produceRaw(records);

        IngestSummary summary = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 1_000));

        assertTrue(summary.clean(), summary.problem());
        assertEquals(
                expected.events.get(Topic.SLM_METRICS) - bad.size(),
                fixture.count(Topic.SLM_METRICS),
                "every valid slm event is stored and no invalid one");
        List<ConsumerRecord<byte[], byte[]>> dead =
                fixture.readAll(fixture.topics.deadLetterOf(Topic.SLM_METRICS), bad.size());
        assertEquals(bad.size(), dead.size(), "each invalid event is dead-lettered once");
        for (ConsumerRecord<byte[], byte[]> letter : dead) {
            String value = new String(letter.value(), StandardCharsets.UTF_8);
            String reason = IngestFixture.header(letter, DeadLetters.REASON);
            assertTrue(
                    reason.contains(bad.get(value)),
                    "reason for " + value.substring(0, Math.min(60, value.length())) + " should say '" + bad.get(value)
                            + "' but says: " + reason);
            assertEquals(fixture.topics.of(Topic.SLM_METRICS), IngestFixture.header(letter, DeadLetters.SOURCE_TOPIC));
            assertTrue(Long.parseLong(IngestFixture.header(letter, DeadLetters.SOURCE_OFFSET)) >= 0);
            assertTrue(
                    IngestFixture.header(letter, DeadLetters.SOURCE_PARTITION).matches("\\d"));
        }
    }

    @Test
    void twoWorkersInOneGroupIngestOneStreamExactlyOnce() throws Exception {
        IngestFixture fixture = new IngestFixture("pair");
        String group = "g-" + fixture.name;
        IngestConfig config = new IngestConfig(
                List.of(Topic.values()),
                fixture.topics,
                group,
                2_000,
                Duration.ofMillis(200),
                64 * 1024,
                false,
                Duration.ofMillis(500),
                Duration.ZERO,
                2);
        try (IngestRun.Running one = IngestRun.start(fixture, config);
                IngestRun.Running two = IngestRun.start(fixture, config)) {
            fixture.awaitMembersWithPartitions(group, 2);
            Expected expected = fixture.produce(IngestFixture.trace(60_000));
            fixture.awaitRows(expected);
            IngestSummary first = one.stop();
            IngestSummary second = two.stop();

            assertTrue(first.clean() && second.clean(), first.problem() + " / " + second.problem());
            assertTrue(
                    first.totals().consumed() > 0 && second.totals().consumed() > 0,
                    "both workers should have taken part: " + first.totals().consumed() + " and "
                            + second.totals().consumed());
            assertStoredExactlyOnce(fixture, expected);
        }
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    @Test
    void aClickHouseRestartDuringIngestLosesAndDuplicatesNothing() throws Exception {
        IngestFixture fixture = new IngestFixture("chrestart");
        Expected expected = fixture.produce(IngestFixture.trace(80_000));
        CompletableFuture<IngestSummary> running =
                IngestRun.inBackground(fixture, IngestRun.config(fixture, "g-" + fixture.name, 500));
        fixture.awaitSlmRows(1);
        long beforeRestart = fixture.count(Topic.SLM_METRICS);
        fixture.stack.run("restart", "clickhouse");
        assertTrue(
                beforeRestart < expected.events.get(Topic.SLM_METRICS),
                "ingest had finished before ClickHouse restarted, so the restart tested nothing");
        IngestSummary summary = running.get(5, TimeUnit.MINUTES);

        assertTrue(summary.clean(), summary.problem());
        assertStoredExactlyOnce(fixture, expected);
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    @Test
    void rebuildAfterRedisLostItsCountersRestoresThemFromClickHouse() {
        IngestFixture fixture = new IngestFixture("rebuild");
        fixture.produce(IngestFixture.trace(5_000));
        IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 5_000));
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            RedisUsageCounters counters = IngestRun.counters(fixture, redis);
            deleteKeysOf(redis, fixture.redisPrefix);
            assertEquals(
                    BigDecimal.ZERO,
                    counters.read(counters.keys()
                                    .tenantUsage(
                                            "acme",
                                            io.somactl.core.usage.UsageWindow.MONTH,
                                            java.time.Instant.parse("2023-11-16T00:00:00Z")))
                            .costUsd());

            Map<String, Integer> written = new UsageRebuild(fixture.clickHouse, counters).rebuild(null);

            assertTrue(written.containsKey("acme"), "rebuild wrote no counters for acme: " + written);
            UsageReconciliation.assertRedisEqualsClickHouse(fixture.clickHouse, counters);
        }
        // The rebuilt watermarks keep a later run from counting anything again.
        IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g2-" + fixture.name, 5_000));
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    static void assertStoredExactlyOnce(IngestFixture fixture, Expected expected) {
        for (Topic topic : Topic.values()) {
            long produced = expected.events.getOrDefault(topic, 0L);
            assertEquals(produced, fixture.count(topic), topic + ": rows in ClickHouse differ from events produced");
            assertEquals(
                    produced,
                    fixture.distinctOffsets(topic),
                    topic + ": some Kafka offset is stored twice or not at all");
        }
    }

    private static void deleteKeysOf(RedisConnection redis, String prefix) {
        try {
            List<String> keys = redis.async().keys("{" + prefix + ":*").get(10, TimeUnit.SECONDS);
            if (!keys.isEmpty()) {
                for (String key : keys) {
                    redis.async().del(key).get(10, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
