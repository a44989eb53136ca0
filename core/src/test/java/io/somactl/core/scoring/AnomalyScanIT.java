package io.somactl.core.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TelemetryGenerator;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.fixtures.TraceFixture;
import io.somactl.core.ingest.IngestRun;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.report.TimeRange;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.usage.UsageKeys;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Anomaly flags on eight real days of trace-derived telemetry (the trace replayed once a day,
 * 2023-11-16 .. 2023-11-23, each day with its own random draws), against the real stack.
 */
@Tag("stack")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnomalyScanIT {
    private static final Instant FIRST_DAY = Instant.parse("2023-11-16T00:00:00Z");
    private static final Instant LAST_DAY = Instant.parse("2023-11-23T00:00:00Z");
    private static final Instant END = Instant.parse("2023-11-24T00:00:00Z");
    private static final Instant SPIKE_FROM = Instant.parse("2023-11-23T18:00:00Z");
    private static final Instant SPIKE_UNTIL = Instant.parse("2023-11-23T19:00:00Z");
    private static final String SPIKED_MODEL = "soma-slm-3b";
    private static final String BURST_TENANT = "stark";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2023-11-24T00:05:00Z"), ZoneOffset.UTC);

    private IngestFixture normal;
    private IngestFixture spiked;
    private final AnomalyDetector detector = new AnomalyDetector(AnomalyDetector.Settings.defaults());

    @BeforeAll
    void ingest() {
        List<TopicEvent> week = new TelemetryGenerator(TraceFixture.loadDefault(), TelemetryGenerator.DEFAULT_SEED)
                .events(Long.MAX_VALUE)
                .takeWhile(e -> ts(e).isBefore(END))
                .toList();
        normal = new IngestFixture("anomalynormal");
        normal.produce(week);
        assertTrue(IngestRun.untilCaughtUp(normal, IngestRun.config(normal, "g-" + normal.name, 20_000))
                .clean());

        // the same eight days, with the last day's 18:00 hour of one model 1.5 times slower: the first seven days are
        // copied from the normal database, the last day is produced and ingested again, transformed
        spiked = new IngestFixture("anomalyspiked");
        for (Topic topic : Topic.values()) {
            spiked.clickHouse.execute(
                    "INSERT INTO " + spiked.database + "." + topic.table() + " SELECT * FROM " + normal.database + "."
                            + topic.table() + " WHERE ts < toDateTime(" + LAST_DAY.getEpochSecond() + ")");
        }
        List<TopicEvent> lastDay =
                week.stream().filter(e -> !ts(e).isBefore(LAST_DAY)).toList();
        // and, in the same hour, a tenth of one small tenant's successful SLM requests fail
        spiked.produce(TraceTransforms.errorBurst(
                TraceTransforms.latencySpike(lastDay, SPIKED_MODEL, SPIKE_FROM, SPIKE_UNTIL, new BigDecimal("1.5")),
                BURST_TENANT,
                SPIKE_FROM,
                SPIKE_UNTIL,
                0.10));
        assertTrue(IngestRun.untilCaughtUp(spiked, IngestRun.config(spiked, "g-" + spiked.name, 20_000))
                .clean());
    }

    private static Instant ts(TopicEvent e) {
        int at = e.json().indexOf("\"ts\":\"") + 6;
        return Instant.parse(e.json().substring(at, e.json().indexOf('"', at)));
    }

    @Test
    void aWeekOfNormalTraceDerivedDataRaisesNoFlagAtTheDefaultThreshold() {
        // every hour from the 4th day on has at least 3 baseline days
        AnomalyReport report = new AnomalyScan(normal.clickHouse)
                .scan(TimeRange.of(FIRST_DAY.plus(Duration.ofDays(3)), END), detector, CLOCK);
        System.out.printf(
                "normal week: %d hours judged, %d skipped, largest robust z %.2f%n",
                report.judged(), report.skipped(), report.largestZ());
        assertTrue(report.judged() >= 100, "enough hours judged to mean something: " + report.judged());
        assertEquals(
                List.of(),
                report.flags(),
                "normal data must raise no flag at the default threshold "
                        + detector.settings().threshold());
    }

    @Test
    void anInjectedLatencySpikeAndErrorBurstAreFlaggedAndTheSameDayWithoutThemIsNot() {
        TimeRange lastDay = TimeRange.of(LAST_DAY, END);
        AnomalyReport withSpike = new AnomalyScan(spiked.clickHouse).scan(lastDay, detector, CLOCK);
        assertTrue(
                withSpike.flags().stream()
                        .anyMatch(f -> f.subjectKind().equals("model")
                                && f.subject().equals(SPIKED_MODEL)
                                && f.metric() == AnomalyMetric.LATENCY_P90_MS
                                && f.judgement().hour().equals(SPIKE_FROM)),
                "the spike of " + SPIKED_MODEL + " at " + SPIKE_FROM + " is flagged: " + withSpike.json());
        assertTrue(
                withSpike.flags().stream()
                        .noneMatch(f -> f.metric() == AnomalyMetric.LATENCY_P90_MS
                                && f.subjectKind().equals("model")
                                && !f.subject().equals(SPIKED_MODEL)),
                "no other model's latency is flagged: " + withSpike.json());
        assertTrue(
                withSpike.flags().stream()
                        .anyMatch(f -> f.subjectKind().equals("tenant")
                                && f.subject().equals(BURST_TENANT)
                                && f.metric() == AnomalyMetric.ERROR_RATE
                                && f.judgement().hour().equals(SPIKE_FROM)),
                "the error burst of " + BURST_TENANT + " is flagged: " + withSpike.json());
        assertTrue(
                withSpike.flags().stream()
                        .noneMatch(f -> f.metric() == AnomalyMetric.ERROR_RATE
                                && f.subjectKind().equals("tenant")
                                && !f.subject().equals(BURST_TENANT)),
                "no other tenant's error rate is flagged: " + withSpike.json());
        AnomalyReport without = new AnomalyScan(normal.clickHouse).scan(lastDay, detector, CLOCK);
        assertEquals(List.of(), without.flags(), "the same day without the spike: " + without.json());
    }

    @Test
    void flagsGoToRedisAndClickHouse() {
        AnomalyReport report = new AnomalyScan(spiked.clickHouse).scan(TimeRange.of(LAST_DAY, END), detector, CLOCK);
        try (RedisConnection redis = RedisConnection.open(spiked.stack.redis(spiked.redisPrefix))) {
            ScoreStore store = new ScoreStore(
                    redis.async(),
                    "test",
                    new ScoreKeys(new UsageKeys(spiked.redisPrefix)),
                    spiked.clickHouse,
                    Duration.ofSeconds(10));
            assertTrue(store.publishAnomalies(report.until(), report.json()));
            store.appendFlags(report.flags(), detector.settings().threshold(), report.computedAt());
            store.appendFlags(
                    report.flags(),
                    detector.settings().threshold(),
                    report.computedAt().plusSeconds(1));
            assertEquals(report.json(), store.readAnomalies());
        }
        assertEquals(
                String.valueOf(report.flags().size()),
                spiked.clickHouse.selectValue("SELECT count() FROM anomaly_flags FINAL"),
                "each flag once, however often it was computed");
        assertEquals(
                "1",
                spiked.clickHouse.selectValue("SELECT count() FROM anomaly_flags FINAL WHERE subject = '" + SPIKED_MODEL
                        + "' AND metric = 'latency_p90_ms' AND hour = toDateTime(" + SPIKE_FROM.getEpochSecond()
                        + ")"));
    }

    /** {@code alerts probe}'s shipped {@code ModelAnomaly}, reading the key {@code score anomalies} published, at CLOCK. */
    private static io.somactl.core.alerts.RuleResult probe(
            IngestFixture fixture, AnomalyReport report, RedisConnection redis) {
        ScoreStore store = new ScoreStore(
                redis.async(),
                "test",
                new ScoreKeys(new UsageKeys(fixture.redisPrefix)),
                fixture.clickHouse,
                Duration.ofSeconds(10));
        store.publishAnomalies(report.until(), report.json());
        io.somactl.core.alerts.ProbeRules.Sources sources = new io.somactl.core.alerts.ProbeRules.Sources(
                () -> {
                    throw new IllegalStateException("no Prometheus needed");
                },
                () -> {
                    throw new IllegalStateException("no budgets needed");
                },
                () -> fixture.clickHouse,
                store::readAnomalies,
                CLOCK);
        return new io.somactl.core.alerts.AlertProbe(
                        io.somactl.core.alerts.ProbeRules.defaults().build("ModelAnomaly", sources))
                .evaluate()
                .get(0);
    }

    @Test
    void theProbesModelAnomalyFiresForTheFlaggedSpikeWithTheModelLabelAndIsOkWithoutFlags() {
        TimeRange lastDay = TimeRange.of(LAST_DAY, END);
        try (RedisConnection redis = RedisConnection.open(spiked.stack.redis(spiked.redisPrefix))) {
            io.somactl.core.alerts.RuleResult result =
                    probe(spiked, new AnomalyScan(spiked.clickHouse).scan(lastDay, detector, CLOCK), redis);
            System.out.println("ModelAnomaly on the spiked day: " + result.state() + ": " + result.summary());
            assertTrue(
                    result.state().firing(),
                    "the flagged latency spike makes ModelAnomaly fire: " + result.state() + " " + result.summary());
            int code =
                    io.somactl.core.alerts.AlertProbe.overall(List.of(result)).nagiosCode();
            assertTrue(code == 1 || code == 2, "exit code warning (1) or critical (2), not " + code);
            assertTrue(
                    result.findings().stream()
                            .anyMatch(f -> f.state().firing()
                                    && SPIKED_MODEL.equals(f.labels().get("model"))
                                    && "latency_p90_ms".equals(f.labels().get("metric"))),
                    "a firing finding labelled model=" + SPIKED_MODEL + ", metric=latency_p90_ms: "
                            + result.findings());
        }
        try (RedisConnection redis = RedisConnection.open(normal.stack.redis(normal.redisPrefix))) {
            io.somactl.core.alerts.RuleResult result =
                    probe(normal, new AnomalyScan(normal.clickHouse).scan(lastDay, detector, CLOCK), redis);
            assertEquals(io.somactl.core.alerts.AlertState.OK, result.state(), "no flags: ok, " + result.summary());
            assertEquals(
                    0,
                    io.somactl.core.alerts.AlertProbe.overall(List.of(result)).nagiosCode());
        }
    }
}
