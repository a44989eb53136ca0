package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.ingest.IngestRun;
import io.somactl.core.testing.IngestFixture;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code somactl shell} and {@code somactl top} in a real pseudo-terminal (tmux): Tab completes a tenant that
 * ingest put in Redis, and top's screen shows each tenant's spend today exactly as {@code spend} gives it.
 * The events are the trace's, re-tenanted to this test's names and moved into the last 45 minutes.
 */
@Tag("stack")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShellAndTopIT {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int EVENTS = 3_000;

    private IngestFixture fixture;
    private Map<String, String> environment;
    private String group;
    private Instant day;

    @BeforeAll
    void ingest() throws Exception {
        fixture = new IngestFixture("topcli");
        group = "g-" + fixture.name;
        Instant now = Instant.now();
        day = now.truncatedTo(ChronoUnit.DAYS);
        Instant start = now.minus(Duration.ofMinutes(45));
        List<TopicEvent> trace = IngestFixture.trace(EVENTS);
        List<TopicEvent> events = new ArrayList<>();
        for (int i = 0; i < trace.size(); i++) {
            TopicEvent event = trace.get(i);
            ObjectNode json = (ObjectNode) JSON.readTree(event.json());
            String tenant = fixture.name + "_" + event.tenant();
            json.put("tenant", tenant);
            json.put("ts", TS.format(start.plusMillis(i * Duration.ofMinutes(44).toMillis() / trace.size())));
            events.add(new TopicEvent(event.topic(), tenant, JSON.writeValueAsString(json)));
        }
        fixture.produce(events);
        assertTrue(IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, group, 10_000))
                .clean());
        environment = new HashMap<>(Map.of(
                "SOMACTL_KAFKA_BOOTSTRAP_SERVER", fixture.stack.kafkaBootstrap(),
                "SOMACTL_KAFKA_TOPIC_PREFIX", fixture.topics.prefix(),
                "SOMACTL_CLICKHOUSE_URL", fixture.stack.clickHouseUrl().toString(),
                "SOMACTL_CLICKHOUSE_DATABASE", fixture.database,
                "SOMACTL_REDIS_URI", fixture.stack.redisUri(),
                "SOMACTL_REDIS_KEY_PREFIX", fixture.redisPrefix,
                "NO_COLOR", "1"));
    }

    @Test
    void tabInTheShellCompletesATenantFetchedFromRedis(@TempDir Path home) throws Exception {
        String tenant = fixture.name + "_globex";
        Map<String, String> env = new HashMap<>(environment);
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        try (Tmux tmux = Tmux.start(fixture.name + "-shell", home, env, 160, 40, "shell")) {
            tmux.await("the prompt", Duration.ofSeconds(60), screen -> screen.contains("somactl (default)>"));
            tmux.type("budget show " + tenant.substring(0, tenant.length() - 3));
            String completed = null;
            for (int tab = 1;
                    completed == null;
                    tab++) { // Tab waits at most 2 s for Redis; a late answer serves the next Tab
                tmux.send("Tab");
                try {
                    completed = tmux.await(
                            "the completed tenant",
                            Duration.ofSeconds(5),
                            screen -> screen.lines()
                                    .anyMatch(line ->
                                            line.stripTrailing().equals("somactl (default)> budget show " + tenant)));
                } catch (AssertionError notYet) {
                    if (tab == 4) {
                        throw notYet;
                    }
                }
            }
            assertTrue(completed.contains(tenant), completed);
            tmux.send("Enter");
            tmux.await("budget show's header", Duration.ofSeconds(30), screen -> screen.contains("TENANT"));

            try (SilentServer silent = new SilentServer()) { // a command stuck on a server that never answers
                tmux.type("budget show " + tenant + " --timeout 120s --redis-uri redis://127.0.0.1:" + silent.port());
                tmux.send("Enter");
                Thread.sleep(3_000);
                long cancelled = System.nanoTime();
                tmux.send("C-c");
                String back = tmux.await("the prompt after Ctrl-C", Duration.ofSeconds(15), screen -> {
                    List<String> lines = screen.lines()
                            .map(String::stripTrailing)
                            .filter(l -> !l.isEmpty())
                            .toList();
                    return lines.get(lines.size() - 1).equals("somactl (default)>");
                });
                assertTrue(
                        Duration.ofNanos(System.nanoTime() - cancelled).compareTo(Duration.ofSeconds(10)) < 0,
                        "Ctrl-C cancelled the command, not waited for its 120 s timeout\n" + back);
                assertTrue(
                        back.contains("error: interrupted") && !back.contains("still stopping"),
                        "the command itself stopped, saying so in plain words\n" + back);
            }

            tmux.type("top --interval 2s --group " + group); // top takes over the shell's terminal, and gives it back
            tmux.send("Enter");
            tmux.await(
                    "top's tenants panel in the shell",
                    Duration.ofSeconds(60),
                    screen -> tenantLines(screen).containsKey(tenant));
            tmux.send("q");
            tmux.await("the prompt after top", Duration.ofSeconds(15), screen -> {
                List<String> lines = screen.lines()
                        .map(String::stripTrailing)
                        .filter(l -> !l.isEmpty())
                        .toList();
                return lines.get(lines.size() - 1).equals("somactl (default)>");
            });
            tmux.type("exit");
            tmux.send("Enter");
            assertTrue(tmux.awaitExit(Duration.ofSeconds(20)), "exit leaves the shell");
        }
        assertTrue(
                java.nio.file.Files.readString(home.resolve("state/somactl/history"))
                        .contains("budget show " + tenant),
                "the history persists under $XDG_STATE_HOME/somactl/history");
    }

    @Test
    void topShowsEachTenantsSpendTodayAsSpendGivesIt(@TempDir Path home) throws Exception {
        Map<String, BigDecimal> exact = new HashMap<>();
        Map<String, String> shown = new HashMap<>();
        Run spend = Run.of(
                withHome(home),
                "spend",
                "--since",
                day.toString(),
                "--until",
                day.plus(Duration.ofDays(1)).toString(),
                "-o",
                "json");
        assertEquals(0, spend.exitCode(), spend.describe());
        for (JsonNode row : JSON.readTree(spend.out())) {
            if (!row.get("tenant").asText().equals("TOTAL")) {
                exact.put(row.get("tenant").asText(), row.get("cost_usd").decimalValue());
                shown.put(row.get("tenant").asText(), row.get("cost").asText());
            }
        }
        assertEquals(6, exact.size(), spend.out());
        try (Tmux tmux = Tmux.start(
                fixture.name + "-top", home, environment, 220, 70, "top", "--interval", "2s", "--group", group)) {
            String screen = tmux.await(
                    "every tenant's line",
                    Duration.ofSeconds(60),
                    s -> tenantLines(s).keySet().containsAll(exact.keySet()));
            Map<String, List<String>> lines = tenantLines(screen);
            for (String tenant : exact.keySet()) {
                List<String> cells = lines.get(tenant); // TENANT LAST_HOUR TODAY REQUESTS LAST_HOUR_USD TODAY_USD
                assertEquals(shown.get(tenant), cells.get(2), tenant + " today as spend shows it\n" + screen);
                assertEquals(
                        0,
                        exact.get(tenant).compareTo(new BigDecimal(cells.get(5))),
                        tenant + " today exactly\n" + screen);
                assertEquals(
                        0,
                        exact.get(tenant).compareTo(new BigDecimal(cells.get(4))),
                        tenant + ": every event is in the last hour, so the hour's spend is the day's\n" + screen);
            }
            assertTrue(screen.contains("INGEST (group " + group + ": lag 0, dead letters 0"), screen);

            String globex = fixture.name + "_globex";
            tmux.send("t");
            tmux.type("globex");
            tmux.send("Enter");
            String filtered = tmux.await(
                    "the tenant filter",
                    Duration.ofSeconds(20),
                    s -> s.contains("filter: globex") && tenantLines(s).keySet().equals(java.util.Set.of(globex)));
            assertTrue(filtered.contains(globex), filtered);
            tmux.send("s");
            tmux.await("the next sort", Duration.ofSeconds(20), s -> s.contains("sort: last_hour"));
            tmux.send("q");
            assertTrue(tmux.awaitExit(Duration.ofSeconds(20)), "q quits top");
        }
    }

    @Test
    void aServerThatDoesNotAnswerMarksItsPanelStaleAndTheRestStillShows(@TempDir Path home) throws Exception {
        try (SilentServer silent = new SilentServer()) {
            long started = System.nanoTime();
            Run top = Run.of(
                    withHome(home),
                    "top",
                    "--once",
                    "-o",
                    "json",
                    "--panel-timeout",
                    "2s",
                    "--group",
                    group,
                    "--redis-uri",
                    "redis://127.0.0.1:" + silent.port(),
                    "--timeout",
                    "30s");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(0, top.exitCode(), top.describe());
            JsonNode snapshot = JSON.readTree(top.out());
            assertTrue(
                    snapshot.path("status").path("budgets").asText().startsWith("no data: no answer in 2000 ms"),
                    top.out());
            assertEquals("fresh", snapshot.path("status").path("tenants").asText(), top.out());
            assertEquals(6, snapshot.path("tenants").size(), top.out());
            assertTrue(
                    took.compareTo(Duration.ofSeconds(20)) < 0, "top did not wait for Redis's 30 s timeout: " + took);
        }
    }

    @Test
    void aSnapshotOffATerminalHasEveryPanelFromItsServer(@TempDir Path home) throws Exception {
        String stark = fixture.name + "_stark";
        Run spend = Run.of(
                withHome(home),
                "spend",
                "--since",
                day.toString(),
                "--until",
                day.plus(Duration.ofDays(1)).toString(),
                "-o",
                "json");
        BigDecimal today = null;
        for (JsonNode row : JSON.readTree(spend.out())) {
            if (row.get("tenant").asText().equals(stark)) {
                today = row.get("cost_usd").decimalValue();
            }
        }
        // a daily cost budget this tenant has used about 85% of: past its 80% step
        BigDecimal limit =
                today.multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(85), 2, java.math.RoundingMode.UP);
        Run set = Run.of(
                withHome(home),
                "budget",
                "set",
                "--tenant",
                stark,
                "--period",
                "daily",
                "--metric",
                "cost-usd",
                "--limit",
                limit.toPlainString(),
                "--warn",
                "80",
                "--action",
                "pause",
                "--actor",
                "ci-bot");
        assertEquals(0, set.exitCode(), set.describe());

        Run top = Run.of(withHome(home), "top", "--group", group, "-o", "json");
        assertEquals(0, top.exitCode(), top.describe());
        JsonNode snapshot = JSON.readTree(top.out());
        for (String panel : List.of("tenants", "models", "personas", "budgets", "ingest", "anomalies")) {
            assertEquals("fresh", snapshot.path("status").path(panel).asText(), panel + "\n" + top.out());
        }
        JsonNode budget = snapshot.path("budgets").get(0);
        assertEquals(stark, budget.path("scope").asText(), top.out());
        assertEquals("daily:cost-usd", budget.path("budget").asText());
        assertEquals(
                0,
                today.multiply(BigDecimal.valueOf(100))
                        .divide(limit, 1, java.math.RoundingMode.HALF_EVEN)
                        .compareTo(budget.path("percent").decimalValue()),
                "the share used is today's spend over the limit: " + budget);
        assertEquals("warn-80%", budget.path("state").asText());
        long events = 0;
        for (JsonNode topic : snapshot.path("ingest")) {
            assertEquals(0, topic.path("lag").asLong(), "ingest caught up: " + topic);
            assertEquals(0, topic.path("dead_letters").asLong(), topic.toString());
            events += topic.path("events").asLong();
        }
        assertEquals(EVENTS, events, "the topics hold exactly the events produced");
        BigDecimal personas = BigDecimal.ZERO;
        for (JsonNode persona : snapshot.path("personas")) {
            personas = personas.add(persona.path("today_usd").decimalValue());
        }
        assertTrue(
                snapshot.path("personas").size() > 0 && personas.compareTo(spendTotal(home)) <= 0,
                "the top personas' spend is part of the total: " + personas);
    }

    private BigDecimal spendTotal(Path home) throws Exception {
        Run spend = Run.of(
                withHome(home),
                "spend",
                "--since",
                day.toString(),
                "--until",
                day.plus(Duration.ofDays(1)).toString(),
                "-o",
                "json");
        for (JsonNode row : JSON.readTree(spend.out())) {
            if (row.get("tenant").asText().equals("TOTAL")) {
                return row.get("cost_usd").decimalValue();
            }
        }
        throw new AssertionError(spend.out());
    }

    @Test
    void liveValuesOfEveryKindComeFromTheServers(@TempDir Path home) throws Exception {
        LiveValues live = LiveValues.of(new io.somactl.commands.support.Invocation(withHome(home)));
        Run spend = Run.of(withHome(home), "spend", "--by", "persona", "-o", "json");
        assertEquals(0, spend.exitCode(), spend.describe());
        java.util.Set<String> personas = new java.util.TreeSet<>();
        JSON.readTree(spend.out())
                .forEach(row -> personas.add(row.get("persona").asText()));
        personas.remove("TOTAL");
        personas.remove("");
        assertTrue(
                live.values(LiveValues.Kind.PERSONAS).containsAll(personas),
                "every persona with spend has usage counters in Redis: " + personas + " vs "
                        + live.values(LiveValues.Kind.PERSONAS));
        assertEquals(
                6,
                live.values(LiveValues.Kind.TENANTS).size(),
                live.values(LiveValues.Kind.TENANTS).toString());
        assertEquals(
                java.util.Arrays.stream(io.somactl.core.events.Topic.values())
                        .map(io.somactl.core.events.Topic::topicName)
                        .sorted()
                        .toList(),
                live.values(LiveValues.Kind.TOPICS),
                "this test's six topics, by their contract names");
        Run models = Run.of(withHome(home), "spend", "--by", "model", "-o", "json");
        for (JsonNode row : JSON.readTree(models.out())) {
            String model = row.get("model").asText();
            if (!model.equals("TOTAL") && !model.equals("voice-pipeline")) {
                assertTrue(live.values(LiveValues.Kind.MODELS).contains(model), model + " is in the catalog's models");
            }
        }
    }

    private Map<String, String> withHome(Path home) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("HOME", home.toString());
        return env;
    }

    /** The TENANTS panel's lines by tenant, split into cells. */
    private Map<String, List<String>> tenantLines(String screen) {
        Map<String, List<String>> found = new HashMap<>();
        boolean in = false;
        for (String line : screen.lines().toList()) {
            if (line.startsWith("TENANT ") && line.contains("LAST_HOUR_USD") && !line.contains("MODEL")) {
                in = true;
            } else if (in && (line.isBlank() || line.startsWith("  ..."))) {
                in = false;
            } else if (in) {
                List<String> cells = List.of(line.trim().split(" +"));
                found.put(cells.get(0), cells);
            }
        }
        return found;
    }
}
