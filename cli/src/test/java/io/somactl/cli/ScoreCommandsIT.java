package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.fixtures.TelemetryGenerator;
import io.somactl.core.fixtures.TraceFixture;
import io.somactl.core.ingest.IngestRun;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.testing.IngestFixture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** score models, score history, score anomalies and route from somactl's own command line, on one real day. */
@Tag("stack")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoreCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] DAY = {"--since", "2023-11-16T00:00:00Z", "--until", "2023-11-17T00:00:00Z"};
    private static final String CANDIDATES = "soma-slm-8b,llama-3.1-70b,qwen2.5-72b";

    private IngestFixture fixture;
    private Map<String, String> environment;

    @BeforeAll
    void ingest() {
        fixture = new IngestFixture("scorecli");
        fixture.produce(new TelemetryGenerator(TraceFixture.loadDefault(), TelemetryGenerator.DEFAULT_SEED)
                .onePass()
                .toList());
        assertTrue(IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 10_000))
                .clean());
        environment = Map.of(
                "HOME",
                "/nonexistent-home",
                "SOMACTL_KAFKA_BOOTSTRAP_SERVER",
                fixture.stack.kafkaBootstrap(),
                "SOMACTL_CLICKHOUSE_URL",
                fixture.stack.clickHouseUrl().toString(),
                "SOMACTL_CLICKHOUSE_DATABASE",
                fixture.database,
                "SOMACTL_REDIS_URI",
                fixture.stack.redisUri(),
                "SOMACTL_REDIS_KEY_PREFIX",
                fixture.redisPrefix,
                "SOMACTL_ACTOR",
                "ci-bot");
    }

    private Run run(String... args) {
        return Run.of(environment, args);
    }

    private Run ok(String... args) {
        Run run = run(args);
        assertEquals(0, run.exitCode(), run.describe());
        return run;
    }

    private String[] with(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(more, 0, all, 0, more.length);
        System.arraycopy(first, 0, all, more.length, first.length);
        return all;
    }

    private String redisGet(String key) throws Exception {
        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            return redis.async().get(key).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theRedisKeyHoldsExactlyWhatScoreModelsPrinted() throws Exception {
        Run global = ok(with(DAY, "score", "models", "-o", "json"));
        String printed = global.out().strip();
        assertTrue(
                printed.equals(redisGet("{" + fixture.redisPrefix + "}:scores:models")),
                "the global key holds exactly the printed JSON");
        JsonNode doc = JSON.readTree(printed);
        assertEquals("2023-11-17T00:00:00Z", doc.path("window").path("until").asText());
        assertEquals(5, doc.path("ranking").size(), printed);

        Run byTenant = ok(with(DAY, "score", "models", "--by", "tenant", "-o", "json"));
        JsonNode all = JSON.readTree(byTenant.out());
        assertEquals(1 + TelemetryGenerator.TENANTS.size(), all.size(), "global and one per tenant");
        List<String> keyTexts = new java.util.ArrayList<>();
        for (JsonNode ranking : all) {
            String key = ranking.path("dimension").asText().equals("global")
                    ? "{" + fixture.redisPrefix + "}:scores:models"
                    : "{" + fixture.redisPrefix + ":" + ranking.path("value").asText() + "}:scores:models";
            keyTexts.add(redisGet(key));
        }
        assertTrue(
                byTenant.out().strip().equals("[" + String.join(",", keyTexts) + "]"),
                "the printed array is the global key's text and each tenant key's text, in order");
        String held = redisGet("{" + fixture.redisPrefix + "}:scores:models");
        Run empty = ok("score", "models", "--since", "2020-01-01", "--until", "2020-01-02");
        assertTrue(empty.err().contains("nothing to rank"), empty.describe());
        assertTrue(empty.err().contains("kept the ranking of a later window"), empty.describe());
        assertEquals(
                held,
                redisGet("{" + fixture.redisPrefix + "}:scores:models"),
                "an older, empty window changed nothing");
        Run table = ok(with(DAY, "score", "models"));
        assertTrue(table.out().lines().findFirst().orElseThrow().startsWith("SCOPE"), table.describe());
    }

    @Test
    void explainAndHistoryShowTheComponentsAndTheRank() {
        Run explain = ok(with(DAY, "score", "models", "--explain", "llama-3.1-70b"));
        assertTrue(explain.out().startsWith("llama-3.1-70b: rank "), explain.describe());
        assertTrue(explain.out().contains("fallback_rate") && explain.out().contains("NORMALIZED"), explain.describe());
        Run tooFew = ok(
                with(DAY, "score", "models", "--min-requests", "1000000", "--explain", "qwen2.5-72b", "--no-publish"));
        assertTrue(tooFew.out().contains("qwen2.5-72b is not ranked: too little data"), tooFew.describe());
        Run history = ok("score", "history", "soma-slm-8b");
        List<String> lines = history.out().lines().toList();
        assertTrue(lines.get(0).startsWith("WINDOW_START"), history.describe());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("2023-11-16T00:00:00Z")), history.describe());
        assertEquals(
                2,
                run("score", "history", "soma-slm-8b", "--scope", "planet=earth")
                        .exitCode());
    }

    @Test
    void routeDowngradesWhenTheBudgetSaysSoAndNamesTheRule() throws Exception {
        ok(with(DAY, "score", "models", "--by", "tenant"));
        Run free = ok(
                "route",
                "--tenant",
                "hooli",
                "--complexity",
                "high",
                "--candidates",
                CANDIDATES,
                "--default",
                "soma-slm-8b",
                "-o",
                "json");
        JsonNode freeDoc = JSON.readTree(free.out());
        assertTrue(
                List.of("complexity-high", "best-ranked")
                        .contains(freeDoc.path("rule").asText()),
                free.describe());

        ok(
                "budget",
                "set",
                "--tenant",
                "acme",
                "--period",
                "daily",
                "--metric",
                "total-tokens",
                "--limit",
                "5000",
                "--action",
                "downgrade",
                "--downgrade-to",
                "soma-slm-3b");
        Run downgraded = ok(
                "route",
                "--tenant",
                "acme",
                "--complexity",
                "high",
                "--candidates",
                CANDIDATES,
                "--default",
                "llama-3.1-70b");
        assertTrue(downgraded.out().startsWith("downgraded to soma-slm-3b: estimated -$"), downgraded.describe());
        assertTrue(downgraded.out().contains("rule budget-downgrade"), downgraded.describe());
        JsonNode doc = JSON.readTree(
                ok("route", "--tenant", "acme", "--complexity", "high", "--candidates", CANDIDATES, "-o", "json")
                        .out());
        assertEquals("soma-slm-3b", doc.path("model").asText());
        assertEquals("downgrade", doc.path("budget_decision").asText());
        assertNotEquals(freeDoc.path("rule").asText(), doc.path("rule").asText());

        ok(
                "budget",
                "set",
                "--tenant",
                "globex",
                "--period",
                "daily",
                "--metric",
                "total-tokens",
                "--limit",
                "5000",
                "--action",
                "pause");
        Run paused = run("route", "--tenant", "globex", "--complexity", "high", "--candidates", CANDIDATES);
        assertEquals(12, paused.exitCode(), paused.describe());
        assertTrue(paused.out().startsWith("refused (budget-pause)"), paused.describe());
        assertEquals(
                0,
                run("route", "--tenant", "globex", "--complexity", "low", "--candidates", CANDIDATES)
                        .exitCode(),
                "a low task (700 tokens) fits the 5000-token budget");

        try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            redis.async()
                    .set("{" + fixture.redisPrefix + ":initech}:scores:models", "not json")
                    .get(10, TimeUnit.SECONDS);
        }
        Run corrupt = run("route", "--tenant", "initech", "--complexity", "low", "--candidates", CANDIDATES);
        assertEquals(1, corrupt.exitCode(), corrupt.describe());
        assertTrue(
                corrupt.err().contains("does not hold a ranking")
                        && corrupt.err().contains("score models"),
                corrupt.describe());
    }

    @Test
    void scoreAnomaliesPublishesWhatItPrinted() throws Exception {
        Run anomalies = ok(with(DAY, "score", "anomalies", "-o", "json"));
        assertEquals(anomalies.out().strip(), redisGet("{" + fixture.redisPrefix + "}:scores:anomalies"));
        JsonNode doc = JSON.readTree(anomalies.out());
        assertEquals(0, doc.path("judged").asInt(), "one day has no baseline: nothing is judged, " + anomalies.out());
        assertEquals(2, run("score", "anomalies", "--threshold", "0").exitCode(), "a threshold must be > 0");
    }
}
