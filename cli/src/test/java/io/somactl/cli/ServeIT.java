package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.testing.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code somactl serve} as a real process against the real stack, over real HTTP: the same decisions
 * and the same JSON as the commands, tenant scoping, bad requests, and a graceful SIGTERM.
 */
@Tag("stack")
class ServeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on (http://[0-9.]+:[0-9]+)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path home;

    private static LocalStack stack;
    private static String name;
    private static Map<String, String> environment;
    private static String admin;
    private static String acme;
    private static Process server;
    private static URI base;

    @BeforeAll
    static void startServer() throws Exception {
        stack = LocalStack.ensureUp();
        name = LocalStack.freshDatabase("serve");
        environment = new HashMap<>(Map.of(
                "HOME",
                home.toString(),
                "XDG_CONFIG_HOME",
                home.resolve("config").toString(),
                "SOMACTL_KAFKA_BOOTSTRAP_SERVER",
                stack.kafkaBootstrap(),
                "SOMACTL_CLICKHOUSE_URL",
                stack.clickHouseUrl().toString(),
                "SOMACTL_CLICKHOUSE_DATABASE",
                name,
                "SOMACTL_REDIS_URI",
                stack.redisUri(),
                "SOMACTL_REDIS_KEY_PREFIX",
                name,
                "SOMACTL_ACTOR",
                "ci-bot"));
        ok("schema", "apply");
        admin = ok("serve", "token", "create", "--admin").out().strip();
        acme = ok("serve", "token", "create", "--tenant", "acme").out().strip();
        server = start("serve");
        base = listening(server);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor();
        }
    }

    private static Process start(String name) throws IOException {
        return start(name, Map.of());
    }

    private static Process start(String name, Map<String, String> overrides) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "io.somactl.cli.Main",
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--max-body",
                "4096"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile())
                .directory(home.toFile());
        builder.environment().putAll(environment);
        builder.environment().putAll(overrides);
        return builder.start();
    }

    private static URI listening(Process process) throws Exception {
        return listening(process, "serve");
    }

    private static URI listening(Process process, String name) throws Exception {
        Path log = home.resolve(name + ".log");
        for (int i = 0; i < 300; i++) {
            if (Files.exists(log)) {
                Matcher m = LISTENING.matcher(Files.readString(log));
                if (m.find()) {
                    return URI.create(m.group(1));
                }
            }
            assertTrue(process.isAlive(), () -> "serve exited: " + read(log));
            Thread.sleep(100);
        }
        throw new AssertionError("serve did not start: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Run run(String... args) {
        return Run.of(environment, args);
    }

    private static Run ok(String... args) {
        Run run = run(args);
        assertEquals(0, run.exitCode(), run.describe());
        return run;
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode check(String token, String body) throws Exception {
        HttpResponse<String> response = post("/v1/budget/check", token, body);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    /** The HTTP answer and the command's, for one request, agree on everything that decides. */
    private static void sameDecision(String tenant, String persona, String tokens, String outputTokens)
            throws Exception {
        List<String> args = new ArrayList<>(
                List.of("budget", "check", "--tenant", tenant, "--tokens", tokens, "--no-reserve", "-o", "json"));
        StringBuilder body =
                new StringBuilder("{\"tenant\":\"" + tenant + "\",\"tokens\":" + tokens + ",\"reserve\":false");
        if (persona != null) {
            args.addAll(List.of("--persona", persona));
            body.append(",\"persona\":\"").append(persona).append('"');
        }
        if (outputTokens != null) {
            args.addAll(List.of("--output-tokens", outputTokens));
            body.append(",\"output_tokens\":").append(outputTokens);
        }
        Run cli = run(args.toArray(String[]::new));
        JsonNode command = JSON.readTree(cli.out());
        JsonNode http = check(admin, body.append('}').toString());
        assertEquals(cli.exitCode(), http.get("exit_code").asInt(), cli.describe() + http);
        for (String field : List.of(
                "decision",
                "proceed",
                "downgrade_to",
                "reason",
                "tenant",
                "persona",
                "checked",
                "reserved",
                "override")) {
            assertEquals(command.get(field), http.get(field), field + ": " + cli.out() + " vs " + http);
        }
        assertEquals(command.get("budgets").size(), http.get("budgets").size());
        List<String> fields = new ArrayList<>();
        http.fieldNames().forEachRemaining(fields::add);
        List<String> cliFields = new ArrayList<>();
        command.fieldNames().forEachRemaining(cliFields::add);
        cliFields.add("exit_code");
        assertEquals(cliFields, fields, "the CLI's field names, in its order, plus exit_code");
    }

    @Test
    void checksDecideAsTheCommandLineDoes() throws Exception {
        ok(
                "budget",
                "set",
                "--tenant",
                "ada",
                "--period",
                "daily",
                "--metric",
                "total-tokens",
                "--limit",
                "1000",
                "--warn",
                "80,90",
                "--action",
                "pause",
                "--time-zone",
                "Europe/Berlin");
        ok(
                "budget",
                "set",
                "--tenant",
                "ada",
                "--persona",
                "bot",
                "--period",
                "monthly",
                "--metric",
                "output-tokens",
                "--limit",
                "600",
                "--action",
                "require-approval");
        ok(
                "budget",
                "set",
                "--tenant",
                "ada",
                "--persona",
                "cheap",
                "--period",
                "daily",
                "--metric",
                "total-tokens",
                "--limit",
                "300",
                "--action",
                "downgrade",
                "--downgrade-to",
                "phi-3-mini");
        sameDecision("ada", null, "500", null);
        sameDecision("ada", null, "800", null);
        sameDecision("ada", "cheap", "301", null);
        sameDecision("ada", "bot", "601", null);
        sameDecision("ada", "bot", "601", "100");
        sameDecision("ada", null, "1001", null);
        JsonNode paused = check(admin, "{\"tenant\":\"ada\",\"tokens\":1001}");
        assertEquals("pause", paused.get("decision").asText());
        assertEquals(12, paused.get("exit_code").asInt());
        ok("budget", "override", "--tenant", "ada", "--until", "2h", "--reason", "incident 42");
        sameDecision("ada", null, "1001", null);
        assertEquals(
                "incident 42",
                check(admin, "{\"tenant\":\"ada\",\"tokens\":1001,\"reserve\":false}")
                        .get("override")
                        .get("reason")
                        .asText());

        String metrics = get("/metrics", null).body();
        assertTrue(metrics.contains("somactl_serve_budget_decisions_total{decision=\"pause\"}"), metrics);
        assertTrue(metrics.contains("somactl_serve_request_seconds_count{route=\"/v1/budget/check\"}"), metrics);
        HttpResponse<String> health = get("/healthz", null);
        assertEquals(200, health.statusCode());
        assertEquals("ok\n", health.body());
    }

    @Test
    void aReservationMadeOverHttpCountsUntilReleasedOverHttp() throws Exception {
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
                "100",
                "--action",
                "pause");
        JsonNode first = check(acme, "{\"tenant\":\"acme\",\"tokens\":60}");
        assertTrue(first.get("reserved").asBoolean(), first.toString());
        String reservation = first.get("reservation_id").asText();
        assertEquals(
                12,
                run("budget", "check", "--tenant", "acme", "--tokens", "50", "--no-reserve")
                        .exitCode(),
                "60 reserved over HTTP + 50 asked on the command line is over 100");

        HttpResponse<String> released =
                post("/v1/budget/release", acme, "{\"tenant\":\"acme\",\"reservation_id\":\"" + reservation + "\"}");
        assertEquals(200, released.statusCode(), released.body());
        assertTrue(JSON.readTree(released.body()).get(0).get("released").asBoolean(), released.body());
        assertEquals(
                0,
                run("budget", "check", "--tenant", "acme", "--tokens", "50", "--no-reserve")
                        .exitCode());
        HttpResponse<String> again =
                post("/v1/budget/release", acme, "{\"tenant\":\"acme\",\"reservation_id\":\"" + reservation + "\"}");
        Run cli = ok("budget", "release", "--tenant", "acme", reservation, "-o", "json");
        assertEquals(cli.out(), again.body(), "released twice: the command's JSON, byte for byte");
    }

    @Test
    void fiftyConcurrentHttpChecksAtAHardLimitOvershootAtMostOneRequest() throws Exception {
        ok(
                "budget",
                "set",
                "--tenant",
                "hardcap",
                "--period",
                "daily",
                "--metric",
                "total-tokens",
                "--limit",
                "95",
                "--action",
                "pause");
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(HTTP.sendAsync(
                    HttpRequest.newBuilder(base.resolve("/v1/budget/check"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + admin)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"hardcap\",\"tokens\":10}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Map<String, Integer> byDecision = new HashMap<>();
        for (CompletableFuture<HttpResponse<String>> future : sent) {
            HttpResponse<String> response = future.get();
            assertEquals(200, response.statusCode(), response.body());
            byDecision.merge(JSON.readTree(response.body()).get("decision").asText(), 1, Integer::sum);
        }
        int proceeded = byDecision.getOrDefault("allow", 0) + byDecision.getOrDefault("warn", 0);
        assertTrue(
                proceeded >= 9 && proceeded <= 10,
                "9 × 10 tokens fit in 95, at most one more may slip through: " + byDecision);
        assertEquals(50 - proceeded, byDecision.getOrDefault("pause", 0), byDecision.toString());
        JsonNode shown =
                JSON.readTree(ok("budget", "show", "hardcap", "-o", "json").out());
        assertEquals(proceeded * 10, shown.get("budgets").get(0).get("reserved").asInt(), shown.toString());
    }

    @Test
    void aTenantsTokenCannotReadOrCheckAnotherTenant() throws Exception {
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
                "100",
                "--action",
                "pause");
        assertEquals(
                403,
                post("/v1/budget/check", acme, "{\"tenant\":\"globex\",\"tokens\":1}")
                        .statusCode());
        assertEquals(
                403,
                post("/v1/budget/release", acme, "{\"tenant\":\"globex\",\"reservation_id\":\"x\"}")
                        .statusCode());
        assertEquals(403, get("/v1/telemetry/tokens?tenant=globex", acme).statusCode());
        assertEquals(403, get("/v1/models/ranking?by=tenant&value=globex", acme).statusCode());
        HttpResponse<String> forbidden = post("/v1/budget/check", acme, "{\"tenant\":\"globex\",\"tokens\":1}");
        assertEquals("{\"error\":\"this token may not read or check tenant 'globex'\"}\n", forbidden.body());
        assertEquals(
                200,
                post("/v1/budget/check", acme, "{\"tenant\":\"acme\",\"tokens\":1,\"reserve\":false}")
                        .statusCode());
        assertEquals(
                200,
                post("/v1/budget/check", admin, "{\"tenant\":\"globex\",\"tokens\":1,\"reserve\":false}")
                        .statusCode());

        JsonNode mine = JSON.readTree(get("/v1/budget/summary", acme).body());
        assertTrue(mine.size() >= 1, mine.toString());
        mine.forEach(line -> assertEquals("acme", line.get("tenant").asText(), mine.toString()));
        JsonNode all = JSON.readTree(get("/v1/budget/summary", admin).body());
        assertTrue(all.findValuesAsText("tenant").contains("globex"), all.toString());

        HttpResponse<String> none = post("/v1/budget/check", null, "{\"tenant\":\"acme\",\"tokens\":1}");
        assertEquals(401, none.statusCode());
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(
                401,
                post("/v1/budget/check", acme + "x", "{\"tenant\":\"acme\",\"tokens\":1}")
                        .statusCode());
        assertEquals(401, get("/v1/budget/summary", "smt_not-a-token").statusCode());
    }

    @Test
    void badRequestsGetAOneLineReasonAndNeverAStackTrace() throws Exception {
        Map<String, HttpResponse<String>> answers = new java.util.LinkedHashMap<>();
        answers.put("bad json", post("/v1/budget/check", admin, "{\"tenant\":\"acme\",\"tokens\":"));
        answers.put(
                "unknown field", post("/v1/budget/check", admin, "{\"tenant\":\"acme\",\"tokens\":1,\"tokenz\":2}"));
        answers.put("wrong type", post("/v1/budget/check", admin, "{\"tenant\":\"acme\",\"tokens\":\"many\"}"));
        answers.put("not an object", post("/v1/budget/check", admin, "[1,2]"));
        answers.put("no quantity", post("/v1/budget/check", admin, "{\"tenant\":\"acme\"}"));
        answers.put("bad tenant", post("/v1/budget/check", admin, "{\"tenant\":\"a b\",\"tokens\":1}"));
        answers.put("negative", post("/v1/budget/check", admin, "{\"tenant\":\"acme\",\"tokens\":-1}"));
        answers.put("unknown parameter", get("/v1/telemetry/tokens?sinse=2h", admin));
        answers.put("bad time", get("/v1/telemetry/tokens?since=yesterday", admin));
        answers.put("bad group", get("/v1/telemetry/tokens?group_by=planet", admin));
        for (Map.Entry<String, HttpResponse<String>> answer : answers.entrySet()) {
            assertEquals(
                    400,
                    answer.getValue().statusCode(),
                    answer.getKey() + ": " + answer.getValue().body());
        }
        answers.put(
                "too large",
                post("/v1/budget/check", admin, "{\"tenant\":\"acme\",\"persona\":\"" + "x".repeat(5000) + "\"}"));
        assertEquals(413, answers.get("too large").statusCode());
        answers.put("no such path", get("/v1/nothing", admin));
        assertEquals(404, answers.get("no such path").statusCode());
        answers.put("wrong method", get("/v1/budget/check", admin));
        assertEquals(405, answers.get("wrong method").statusCode());
        for (Map.Entry<String, HttpResponse<String>> answer : answers.entrySet()) {
            String body = answer.getValue().body();
            assertTrue(
                    body.startsWith("{\"error\":\"")
                            && body.endsWith("\"}\n")
                            && body.indexOf('\n') == body.length() - 1,
                    answer.getKey() + ": one line of JSON: " + body);
            assertFalse(
                    body.contains("Exception")
                            || body.contains("\tat ")
                            || body.contains("io.somactl")
                            || body.contains("com.fasterxml"),
                    answer.getKey() + ": no stack trace or class names: " + body);
        }
        assertTrue(
                answers.get("unknown field").body().contains("unknown field 'tokenz'"),
                answers.get("unknown field").body());
        assertTrue(
                answers.get("wrong type").body().contains("'tokens'"),
                answers.get("wrong type").body());
        assertEquals(200, get("/healthz", null).statusCode(), "the server is still up");
    }

    @Test
    void tokensAndSummaryAnswerWithTheCommandsJson() throws Exception {
        HttpClickHouse clickHouse = new HttpClickHouse(stack.clickHouse(name));
        clickHouse.execute(
                "INSERT INTO slm_metrics (ts, tenant, persona, model_id, input_tokens, output_tokens, reasoning_tokens, cost_usd)"
                        + " VALUES ('2023-11-16 10:00:00', 'acme', 'bot', 'llama-3-8b', 100, 50, 5, 0.001), "
                        + "('2023-11-16 11:00:00', 'acme', 'web', 'llama-3-8b', 10, 5, NULL, 0.0001), "
                        + "('2023-11-17 11:00:00', 'acme', 'web', 'llama-3-8b', 1000, 1000, NULL, 1)");
        clickHouse.execute(
                "INSERT INTO escalation_metrics (ts, tenant, persona, oss_model_id, input_tokens, output_tokens, cost_usd)"
                        + " VALUES ('2023-11-16 12:00:00', 'globex', 'bot', 'gpt-oss-120b', 7, 3, 0.5)");
        Run cli = ok(
                "tokens", "--since", "2023-11-16", "--until", "2023-11-17", "--group-by", "tenant,model", "-o", "json");
        HttpResponse<String> http =
                get("/v1/telemetry/tokens?since=2023-11-16&until=2023-11-17&group_by=tenant,model", admin);
        assertEquals(200, http.statusCode(), http.body());
        assertEquals(cli.out(), http.body());
        assertEquals(2, JSON.readTree(http.body()).size());

        Run one = ok(
                "tokens",
                "--since",
                "2023-11-16",
                "--until",
                "2023-11-18",
                "--tenant",
                "acme",
                "--persona",
                "web",
                "--group-by",
                "day",
                "-o",
                "json");
        HttpResponse<String> oneHttp =
                get("/v1/telemetry/tokens?since=2023-11-16&until=2023-11-18&persona=web&group-by=day", acme);
        assertEquals(one.out(), oneHttp.body(), "a tenant's token reads its own tenant without naming it");

        ok(
                "budget",
                "set",
                "--tenant",
                "summit",
                "--period",
                "monthly",
                "--metric",
                "cost-usd",
                "--limit",
                "10",
                "--action",
                "pause");
        check(admin, "{\"tenant\":\"summit\",\"cost_usd\":9}");
        Run summary = ok("budget", "summary", "--threshold", "50", "-o", "json");
        HttpResponse<String> summaryHttp = get("/v1/budget/summary?threshold=50", admin);
        assertEquals(summary.out(), summaryHttp.body());
        assertTrue(summaryHttp.body().contains("\"flag\" : \"past-50%\""), summaryHttp.body());
        Run bySpend = ok("budget", "summary", "--by", "spend", "-o", "json");
        assertEquals(bySpend.out(), get("/v1/budget/summary?by=spend", admin).body());

        assertEquals(404, get("/v1/models/ranking", acme).statusCode(), "nothing published yet");
        Run ranked = ok(
                "score",
                "models",
                "--since",
                "2023-11-16",
                "--until",
                "2023-11-18",
                "--min-requests",
                "1",
                "-o",
                "json");
        HttpResponse<String> ranking = get("/v1/models/ranking", acme);
        assertEquals(200, ranking.statusCode(), ranking.body());
        assertEquals(ranked.out(), ranking.body(), "the text score models published, as it printed it");
        assertTrue(JSON.readTree(ranking.body()).toString().contains("llama-3-8b"), ranking.body());
        Run byTenant = ok(
                "score",
                "models",
                "--since",
                "2023-11-16",
                "--until",
                "2023-11-18",
                "--min-requests",
                "1",
                "--by",
                "tenant",
                "-o",
                "json");
        HttpResponse<String> acmeRanking = get("/v1/models/ranking?by=tenant&value=acme", acme);
        assertEquals(200, acmeRanking.statusCode(), acmeRanking.body());
        assertTrue(
                byTenant.out().contains(acmeRanking.body().strip()),
                "acme's ranking is one of those printed: " + acmeRanking.body());
    }

    @Test
    void sigtermStopsAcceptingFinishesWhatIsInFlightAndExitsZero() throws Exception {
        Process second = start("serve-sigterm");
        Path log = home.resolve("serve-sigterm.log");
        URI other = listening(second, "serve-sigterm");
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(HTTP.sendAsync(
                    HttpRequest.newBuilder(other.resolve("/v1/budget/check"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + admin)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"tenant\":\"acme\",\"tokens\":1,\"reserve\":false}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        sent.get(0).get();
        second.destroy(); // SIGTERM
        assertTrue(second.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), read(log));
        assertEquals(0, second.exitValue(), read(log));
        int answered = 0;
        for (CompletableFuture<HttpResponse<String>> future : sent) {
            try {
                HttpResponse<String> response = future.get();
                assertEquals(
                        200, response.statusCode(), "a request that got an answer got a whole one: " + response.body());
                answered++;
            } catch (java.util.concurrent.ExecutionException refused) {
                assertTrue(refused.getCause() instanceof IOException, refused.toString());
            }
        }
        assertTrue(answered >= 1);
        assertTrue(
                read(log).contains("stopping: finishing requests in progress")
                        && read(log).contains("stopped"),
                read(log));
        final URI gone = other;
        assertTrue(
                assertThrowsIo(() -> HTTP.send(
                        HttpRequest.newBuilder(gone.resolve("/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString())),
                "no longer listening");
    }

    @Test
    void withRedisDownChecksFailClosedByDefaultAndOpenWhenAskedAndSaySo() throws Exception {
        Process down = start(
                "serve-redis-down",
                Map.of(
                        "SOMACTL_REDIS_URI",
                        "redis://127.0.0.1:" + io.somactl.core.testing.RedisServers.freePort(),
                        "SOMACTL_BUDGET_CHECK_TIMEOUT",
                        "1s"));
        try {
            URI other = listening(down, "serve-redis-down");
            HttpResponse<String> closed = HTTP.send(
                    HttpRequest.newBuilder(other.resolve("/v1/budget/check"))
                            .header("Authorization", "Bearer " + acme)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"acme\",\"tokens\":5}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, closed.statusCode(), closed.body());
            JsonNode decision = JSON.readTree(closed.body());
            assertEquals("pause", decision.get("decision").asText(), closed.body());
            assertEquals(12, decision.get("exit_code").asInt());
            assertFalse(decision.get("checked").asBoolean());
            assertEquals("fail-closed", decision.get("redis_unavailable_policy").asText(), closed.body());
            HttpResponse<String> open = HTTP.send(
                    HttpRequest.newBuilder(other.resolve("/v1/budget/check"))
                            .header("Authorization", "Bearer " + acme)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"tenant\":\"acme\",\"tokens\":5,\"fail_open\":true}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("allow", JSON.readTree(open.body()).get("decision").asText(), open.body());
            assertEquals(0, JSON.readTree(open.body()).get("exit_code").asInt());
            String metrics = HTTP.send(
                            HttpRequest.newBuilder(other.resolve("/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertTrue(metrics.contains("somactl_serve_budget_unchecked_total 2"), metrics);
        } finally {
            down.destroy();
            down.waitFor();
        }
    }

    private interface Call {
        Object call() throws Exception;
    }

    private static boolean assertThrowsIo(Call call) {
        try {
            call.call();
            return false;
        } catch (IOException e) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
