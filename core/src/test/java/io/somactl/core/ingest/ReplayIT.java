package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.testing.BundledCatalogs;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Raw;
import io.somactl.core.testing.UsageReconciliation;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Replay through the one ingest path, on the real stack: a range already ingested adds nothing
 * however often it is replayed; dead letters whose reason is fixed (the catalog now prices their
 * model) are stored once and counted in Redis, the rest stay dead-lettered; a dry run writes
 * nothing anywhere; a replay stopped half-way and run again ends with the same totals.
 */
@Tag("stack")
class ReplayIT {
    private static final String ROLLUPS =
            "SELECT 'slm', countMerge(requests), sumMerge(input_tokens_sum), toString(sumMerge(cost_usd_sum))"
                    + " FROM rollup_slm_hourly UNION ALL SELECT 'escalation', countMerge(escalations), sumMerge(input_tokens_sum),"
                    + " toString(sumMerge(cost_usd_sum)) FROM rollup_escalation_hourly";

    @Test
    void replayingAnIngestedRangeTwiceAddsNothingToClickHouseRollupsOrRedis() {
        IngestFixture fixture = new IngestFixture("replaytwice");
        fixture.produce(IngestFixture.trace(3_000));
        String group = "g-" + fixture.name;
        IngestSummary ingest = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, group, 1_000));
        assertTrue(ingest.clean(), ingest.problem());
        String before = state(fixture);

        for (int pass = 1; pass <= 2; pass++) {
            Replay.Report report = replay(
                    fixture, group, false, false, PricingCatalog.loadBundled().pricer(), 0);
            assertTrue(report.complete(), "the replay should reach the end of the range");
            assertEquals(3_000, report.read(), "pass " + pass + " should read every ingested event");
            assertEquals(0, report.inserted(), "pass " + pass + " stored events ClickHouse already held");
            assertEquals(3_000, report.alreadyStored(), "pass " + pass + " should find every event stored");
            assertEquals(before, state(fixture), "pass " + pass + " changed ClickHouse, the rollups or Redis");
        }
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    @Test
    void aDeadLetterReplayAfterTheCatalogLearnsAModelStoresExactlyThoseEventsOnce() throws Exception {
        DeadLettered setup = deadLettered("replaydlq");
        IngestFixture fixture = setup.fixture;
        Pricer fixed = PricingCatalog.loadBundled().pricer();

        Replay.Report first = replay(fixture, setup.group, true, false, fixed, 0);
        assertTrue(first.complete());
        assertEquals(
                setup.unpriced, first.inserted(), "every event of the model the catalog now prices should be stored");
        assertEquals(setup.malformed, first.invalid(), "the malformed events should stay dead-lettered");
        assertArrayEquals(
                new long[] {setup.unpriced, 0},
                first.byReason().get("cannot price"),
                "by reason: the unpriced events all went to ClickHouse, but the report says " + reasons(first));
        long stillBad = first.byReason().entrySet().stream()
                .filter(e -> !e.getKey().equals("cannot price"))
                .mapToLong(e -> e.getValue()[1])
                .sum();
        assertEquals(setup.malformed, stillBad, "by reason: the malformed ones all stay dead-lettered");
        assertEquals(setup.total, storedRows(fixture), "every valid event should be in ClickHouse once");
        assertEquals(setup.total, distinctProvenance(fixture), "a row per source record, none twice");
        UsageReconciliation.assertRedisAgrees(fixture);
        String after = state(fixture);

        Replay.Report second = replay(fixture, setup.group, true, false, fixed, 0);
        assertEquals(0, second.inserted(), "a second dead-letter replay stored events again");
        assertEquals(setup.unpriced, second.alreadyStored());
        assertEquals(after, state(fixture), "a second dead-letter replay changed ClickHouse, the rollups or Redis");
    }

    @Test
    void aTopicRangeReplayedAfterAPricingFixStoresWhatIngestDeadLetteredInThatRangeOnly() throws Exception {
        DeadLettered setup = deadLettered("replayrange");
        IngestFixture fixture = setup.fixture;
        Pricer fixed = PricingCatalog.loadBundled().pricer();
        String busiest = fixture.clickHouse.selectValue(
                "SELECT _partition FROM slm_metrics GROUP BY _partition" + " ORDER BY count() DESC LIMIT 1");
        int partition = Integer.parseInt(busiest);
        String byPartition = "SELECT _partition, count() FROM slm_metrics GROUP BY _partition ORDER BY _partition";
        List<List<String>> before = fixture.clickHouse.select(byPartition);

        Replay.Report one =
                replayRange(fixture, setup.group, Map.of(partition, new long[] {0, Long.MAX_VALUE}), null, null, fixed);

        assertTrue(one.inserted() > 0, "the busiest partition should have dead-lettered events of the model to store");
        List<List<String>> after = fixture.clickHouse.select(byPartition);
        for (int i = 0; i < before.size(); i++) {
            long gained = Long.parseLong(after.get(i).get(1))
                    - Long.parseLong(before.get(i).get(1));
            assertEquals(
                    before.get(i).get(0).equals(busiest) ? one.inserted() : 0,
                    gained,
                    "partition " + before.get(i).get(0) + " gained rows a replay of partition " + busiest
                            + " should not add");
        }
        // the rest by time: every record was written after the epoch and before now
        Replay.Report rest = replayRange(
                fixture,
                setup.group,
                Map.of(),
                java.time.Instant.parse("2000-01-01T00:00:00Z"),
                java.time.Instant.now().plusSeconds(60),
                fixed);

        assertEquals(
                setup.unpriced,
                one.inserted() + rest.inserted(),
                "the two ranges together should store each fixed event once");
        assertEquals(setup.malformed, rest.invalid() + one.invalid(), "the malformed records stay invalid");
        assertEquals(setup.total, storedRows(fixture));
        assertEquals(setup.total, distinctProvenance(fixture));
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    private static Replay.Report replayRange(
            IngestFixture fixture,
            String ingestGroup,
            Map<Integer, long[]> offsets,
            java.time.Instant from,
            java.time.Instant to,
            Pricer pricer) {
        Replay.Request request = new Replay.Request(
                List.of(Topic.SLM_METRICS),
                fixture.topics,
                false,
                offsets,
                from,
                to,
                "r-" + fixture.name,
                ingestGroup,
                false,
                0,
                10_000,
                64 * 1024,
                IngestConfig.DEFAULT_DEDUP_WINDOW);
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
                Replay replay = new Replay(
                        request,
                        fixture.kafka(),
                        fixture.clickHouse,
                        IngestRun.counters(fixture, redis),
                        pricer,
                        message -> System.err.println("replay: " + message))) {
            return replay.run(line -> {});
        }
    }

    @Test
    void aDryRunReportsWhatWouldChangeAndWritesNothingToClickHouseRedisOrKafka() throws Exception {
        DeadLettered setup = deadLettered("replaydry");
        IngestFixture fixture = setup.fixture;
        String before = state(fixture);
        Map<String, Long> dlqEnds = dlqEnds(fixture);

        long started = System.nanoTime();
        Replay.Report dry = replay(
                fixture, setup.group, true, true, PricingCatalog.loadBundled().pricer(), 1_000);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(
                tookMillis >= dry.read() * 9 / 10,
                "--rate 1000 should take at least " + dry.read() + " ms for " + dry.read() + " events, took "
                        + tookMillis);

        assertTrue(dry.dryRun());
        assertEquals(setup.unpriced, dry.inserted(), "the dry run should count the events a replay would store");
        long events = dry.byTenant().values().stream()
                .mapToLong(UsageTotals::requests)
                .sum();
        assertEquals(setup.unpriced, events, "the per-tenant report should cover every event that would be stored");
        assertTrue(
                dry.byTenant().values().stream().allMatch(t -> t.costUsd().signum() > 0 && t.totalTokens() > 0),
                "each tenant's would-be tokens and cost should be reported: " + dry.byTenant());
        assertEquals(before, state(fixture), "the dry run changed ClickHouse, the rollups or Redis");
        assertEquals(dlqEnds, dlqEnds(fixture), "the dry run wrote to the dead-letter topics");
        try (Admin admin = Admin.create(fixture.kafka().clientConfig())) {
            assertTrue(
                    admin.listConsumerGroupOffsets("r-" + fixture.name)
                            .partitionsToOffsetAndMetadata()
                            .get()
                            .isEmpty(),
                    "the dry run committed offsets");
        }
        // what the dry run said is what the replay then does
        Replay.Report real = replay(
                fixture, setup.group, true, false, PricingCatalog.loadBundled().pricer(), 0);
        assertEquals(dry.byTenant(), real.byTenant(), "the replay stored other usage than the dry run reported");
    }

    @Test
    void aReplayStoppedHalfWayAndRunAgainEndsWithTheSameTotals() throws Exception {
        DeadLettered setup = deadLettered("replaystop");
        IngestFixture fixture = setup.fixture;
        Pricer fixed = PricingCatalog.loadBundled().pricer();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        Replay.Report partial;
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
                Replay replay = newReplay(fixture, setup.group, true, false, fixed, 200, redis)) {
            timer.schedule(replay::stop, 1_500, TimeUnit.MILLISECONDS);
            partial = replay.run(line -> {});
        } finally {
            timer.shutdownNow();
        }
        assertFalse(partial.complete(), "the replay should have been stopped before the end: " + partial);
        assertTrue(
                partial.inserted() > 0 && partial.inserted() < setup.unpriced,
                "the stopped replay should have stored part of the events, stored " + partial.inserted());
        UsageReconciliation.assertRedisAgrees(fixture);

        Replay.Report rest = replay(fixture, setup.group, true, false, fixed, 0);

        assertTrue(rest.complete());
        assertEquals(
                setup.unpriced,
                partial.inserted() + rest.inserted(),
                "the two runs together should store each event once");
        assertEquals(setup.total, storedRows(fixture));
        assertEquals(setup.total, distinctProvenance(fixture));
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    private static String reasons(Replay.Report report) {
        return report.byReason().entrySet().stream()
                .map(e -> e.getKey() + "=" + java.util.Arrays.toString(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    // ---- set-up: ingest with a catalog that lacks one model, plus malformed events ----

    private record DeadLettered(IngestFixture fixture, String group, long unpriced, long malformed, long total) {}

    private static DeadLettered deadLettered(String purpose) throws Exception {
        IngestFixture fixture = new IngestFixture(purpose);
        List<TopicEvent> events = IngestFixture.trace(2_000);
        String model = mostCommonModel(events);
        long unpriced = events.stream()
                .filter(e -> e.topic() == Topic.SLM_METRICS && e.json().contains("\"model_id\":\"" + model + "\""))
                .count();
        List<Raw> records = new ArrayList<>(events.stream()
                .map(e -> new Raw(e.topic(), e.tenant(), e.json()))
                .toList());
        int malformed = 15;
        for (int i = 0; i < malformed; i++) {
            records.add(100 * i, new Raw(Topic.SLM_METRICS, "tenant-x", "{\"event_id\": \"not json at all" + i));
        }
        fixture.produceRaw(records);
        Pricer broken = PricingCatalog.parse(BundledCatalogs.withoutModel(model), "test catalog without " + model)
                .pricer();
        String group = "g-" + fixture.name;
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
                IngestWorker worker = new IngestWorker(
                        IngestRun.config(fixture, group, 500),
                        fixture.kafka(),
                        fixture.clickHouse,
                        IngestRun.counters(fixture, redis),
                        broken,
                        new IngestMetrics(),
                        snapshot -> {},
                        message -> System.err.println("ingest: " + message))) {
            IngestSummary summary = worker.run();
            assertTrue(summary.clean(), summary.problem());
            assertEquals(
                    unpriced + malformed,
                    summary.totals().deadLettered(),
                    "the events of " + model + " and the malformed ones should be dead-lettered");
        }
        assertTrue(unpriced > 50, "the trace should have events of " + model);
        return new DeadLettered(fixture, group, unpriced, malformed, events.size());
    }

    private static String mostCommonModel(List<TopicEvent> events) {
        Map<String, Long> byModel = events.stream()
                .filter(e -> e.topic() == Topic.SLM_METRICS)
                .map(e -> e.json().replaceAll(".*\"model_id\":\"([^\"]+)\".*", "$1"))
                .collect(Collectors.groupingBy(m -> m, TreeMap::new, Collectors.counting()));
        return byModel.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }

    // ---- running a replay ----

    private static Replay.Report replay(
            IngestFixture fixture, String ingestGroup, boolean deadLetters, boolean dryRun, Pricer pricer, int rate) {
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
                Replay replay = newReplay(fixture, ingestGroup, deadLetters, dryRun, pricer, rate, redis)) {
            return replay.run(line -> System.err.println(line));
        }
    }

    private static Replay newReplay(
            IngestFixture fixture,
            String ingestGroup,
            boolean deadLetters,
            boolean dryRun,
            Pricer pricer,
            int rate,
            RedisConnection redis) {
        Replay.Request request = new Replay.Request(
                List.of(Topic.values()),
                fixture.topics,
                deadLetters,
                Map.of(),
                null,
                null,
                "r-" + fixture.name,
                ingestGroup,
                dryRun,
                rate,
                rate > 0 ? 100 : 10_000,
                64 * 1024,
                IngestConfig.DEFAULT_DEDUP_WINDOW);
        return new Replay(
                request,
                fixture.kafka(),
                fixture.clickHouse,
                IngestRun.counters(fixture, redis),
                pricer,
                message -> System.err.println("replay: " + message));
    }

    // ---- what is stored ----

    /** Counts and sums of every table, the rollups, and every tenant's Redis counters and watermarks. */
    private static String state(IngestFixture fixture) {
        StringBuilder state = new StringBuilder();
        for (Topic topic : Topic.values()) {
            state.append(topic)
                    .append(' ')
                    .append(fixture.count(topic))
                    .append(' ')
                    .append(fixture.distinctOffsets(topic));
            if (topic.table().equals("slm_metrics") || topic.table().equals("escalation_metrics")) {
                state.append(' ').append(fixture.costSum(topic)).append(' ').append(fixture.sum(topic, "input_tokens"));
            }
            state.append('\n');
        }
        fixture.clickHouse.select(ROLLUPS).stream()
                .map(String::valueOf)
                .sorted()
                .forEach(row -> state.append(row).append('\n'));
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            RedisUsageCounters counters = IngestRun.counters(fixture, redis);
            for (List<String> row : fixture.clickHouse.select(
                    "SELECT DISTINCT tenant, toString(toDate(ts)) FROM slm_metrics" + " ORDER BY tenant, 2")) {
                java.time.Instant day = java.time.LocalDate.parse(row.get(1))
                        .atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant();
                state.append(row.get(0))
                        .append(' ')
                        .append(row.get(1))
                        .append(' ')
                        .append(counters.read(
                                counters.keys().tenantUsage(row.get(0), io.somactl.core.usage.UsageWindow.DAY, day)))
                        .append(' ')
                        .append(new TreeMap<>(counters.appliedOffsets(row.get(0))))
                        .append('\n');
            }
        }
        return state.toString();
    }

    private static long storedRows(IngestFixture fixture) {
        long rows = 0;
        for (Topic topic : Topic.values()) {
            rows += fixture.count(topic);
        }
        return rows;
    }

    private static long distinctProvenance(IngestFixture fixture) {
        long rows = 0;
        for (Topic topic : Topic.values()) {
            rows += fixture.distinctOffsets(topic);
        }
        return rows;
    }

    private static Map<String, Long> dlqEnds(IngestFixture fixture) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                fixture.kafka().clientConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                consumer.partitionsFor(fixture.topics.deadLetterOf(topic))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            Map<String, Long> ends = new TreeMap<>();
            consumer.endOffsets(partitions).forEach((partition, end) -> ends.put(partition.toString(), end));
            return ends;
        }
    }
}
