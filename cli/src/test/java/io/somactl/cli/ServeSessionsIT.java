package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.LocalStack;
import io.somactl.core.testing.PostgresFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code somactl serve}'s session endpoints as a real process over the real stack's PostgreSQL:
 * {@code GET /v1/sessions} and {@code /v1/sessions/{id}} answer with the bytes {@code sessions list}
 * and {@code sessions show} print with {@code -o json}, a tenant's token reads its own tenant only
 * (403 when it names another, 404 for another tenant's session id), bad parameters get 400 and a
 * server without postgres.url 503; and {@code schema status} lists the PostgreSQL migrations.
 */
@Tag("stack")
class ServeSessionsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on (http://[0-9.]+:[0-9]+)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path home;

    @Test
    void sessionEndpointsAnswerWithTheCommandsJsonScopedToTheTokensTenant() throws Exception {
        IngestFixture fixture = new IngestFixture("servesessions");
        fixture.produce(IngestFixture.trace(3_000));
        Map<String, String> env = environment(fixture);
        env.put("SOMACTL_POSTGRES_URL", PostgresFixture.url(fixture.stack));
        PostgresFixture pg = null;
        Process server = null;
        Process plain = null;
        try {
            Run pending = Run.of(env, "schema", "status", "-o", "csv");
            assertEquals(1, pending.exitCode(), pending.describe());
            assertTrue(pending.out().contains("V001,V001__sessions.sql,pending,"), pending.describe());
            ok(env, "schema", "apply");
            pg = new PostgresFixture(fixture.stack, fixture.database);
            Run status = ok(env, "schema", "status", "-o", "csv");
            String postgresRow = status.out()
                    .lines()
                    .filter(l -> l.startsWith("V001,V001__sessions.sql,"))
                    .findFirst()
                    .orElse("");
            assertTrue(
                    postgresRow.matches(
                            "V001,V001__sessions\\.sql,applied,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ,postgresql"),
                    status.describe());
            assertTrue(
                    status.out().lines().anyMatch(l -> l.startsWith("V002,V002__replay_marks.sql,applied,")),
                    status.describe());
            ok(env, "ingest", "--until-caught-up", "--group", "g-" + fixture.name, "--batch-size", "1000");

            List<String> busiest =
                    pg
                            .rows("SELECT tenant, count(*) FROM ${schema}.sessions GROUP BY tenant ORDER BY 2 DESC, 1")
                            .stream()
                            .map(r -> r.get(0))
                            .toList();
            assertTrue(busiest.size() >= 2, "the trace has several tenants: " + busiest);
            String mine = busiest.get(0);
            String theirs = busiest.get(1);
            List<String> session = pg.rows("SELECT session_id FROM ${schema}.sessions WHERE tenant = '" + mine
                            + "' ORDER BY escalations DESC, requests DESC, session_id LIMIT 1")
                    .get(0);
            String id = session.get(0);
            String theirId = pg.rows("SELECT session_id FROM ${schema}.sessions WHERE tenant = '" + theirs
                            + "' AND session_id NOT IN (SELECT session_id FROM ${schema}.sessions WHERE tenant = '"
                            + mine
                            + "') ORDER BY session_id LIMIT 1")
                    .get(0)
                    .get(0);

            String admin = ok(env, "serve", "token", "create", "--admin").out().strip();
            String tenant =
                    ok(env, "serve", "token", "create", "--tenant", mine).out().strip();
            server = SomactlProcess.start(fixture, home, "serve", List.of("serve", "--listen", "127.0.0.1:0"), env);
            URI base = listening(server, "serve");

            // the same bytes as the commands
            Run list = ok(env, "sessions", "list", "--since", "2020-01-01", "--limit", "7", "-o", "json");
            HttpResponse<String> listed = get(base, "/v1/sessions?since=2020-01-01&limit=7", admin);
            assertEquals(200, listed.statusCode(), listed.body());
            assertEquals(list.out(), listed.body());
            assertEquals(7, JSON.readTree(listed.body()).size());
            Run ownList = ok(env, "sessions", "list", "--tenant", mine, "-o", "json");
            HttpResponse<String> ownListed = get(base, "/v1/sessions", tenant);
            assertEquals(ownList.out(), ownListed.body(), "a tenant's token lists its own tenant without naming it");
            for (JsonNode row : JSON.readTree(ownListed.body())) {
                assertEquals(mine, row.get("tenant").asText());
            }
            Run persona = ok(
                    env,
                    "sessions",
                    "list",
                    "--tenant",
                    mine,
                    "--persona",
                    JSON.readTree(ownListed.body()).get(0).get("persona").asText(),
                    "--since",
                    "2023-11-16T00:00:00Z",
                    "-o",
                    "json");
            assertEquals(
                    persona.out(),
                    get(
                                    base,
                                    "/v1/sessions?tenant=" + mine + "&persona="
                                            + JSON.readTree(ownListed.body())
                                                    .get(0)
                                                    .get("persona")
                                                    .asText() + "&since=2023-11-16T00:00:00Z",
                                    tenant)
                            .body());

            Run show = ok(env, "sessions", "show", id, "--tenant", mine, "-o", "json");
            HttpResponse<String> shown =
                    get(base, "/v1/sessions/" + URLEncoder.encode(id, StandardCharsets.UTF_8), tenant);
            assertEquals(200, shown.statusCode(), shown.body());
            assertEquals(show.out(), shown.body());
            assertEquals(
                    id, JSON.readTree(shown.body()).get(0).get("session_id").asText());
            assertEquals(
                    show.out(),
                    get(
                                    base,
                                    "/v1/sessions/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?tenant=" + mine,
                                    admin)
                            .body(),
                    "the admin's answer, naming the tenant");

            // another tenant: 403 when named, 404 (as for no session at all) when looked up by id
            assertEquals(403, get(base, "/v1/sessions?tenant=" + theirs, tenant).statusCode());
            assertEquals(
                    403,
                    get(
                                    base,
                                    "/v1/sessions/" + URLEncoder.encode(theirId, StandardCharsets.UTF_8) + "?tenant="
                                            + theirs,
                                    tenant)
                            .statusCode());
            HttpResponse<String> hidden =
                    get(base, "/v1/sessions/" + URLEncoder.encode(theirId, StandardCharsets.UTF_8), tenant);
            assertEquals(404, hidden.statusCode(), hidden.body());
            HttpResponse<String> missing = get(base, "/v1/sessions/no-such-session", tenant);
            assertEquals(404, missing.statusCode(), missing.body());
            assertEquals(
                    missing.body().replace("no-such-session", theirId), hidden.body(), "nothing tells the two apart");
            assertEquals(
                    200,
                    get(base, "/v1/sessions/" + URLEncoder.encode(theirId, StandardCharsets.UTF_8), admin)
                            .statusCode());
            JsonNode all =
                    JSON.readTree(get(base, "/v1/sessions?limit=100000", admin).body());
            assertTrue(all.findValuesAsText("tenant").contains(theirs), "the admin sees every tenant");

            // bad requests: one line, 400
            for (String bad : List.of(
                    "/v1/sessions?since=yesterday",
                    "/v1/sessions?limit=0",
                    "/v1/sessions?limit=many",
                    "/v1/sessions?sessionid=x",
                    "/v1/sessions?persona=a%20b",
                    "/v1/sessions/a%2Fb")) {
                HttpResponse<String> answer = get(base, bad, admin);
                assertEquals(400, answer.statusCode(), bad + ": " + answer.body());
                assertTrue(
                        answer.body().startsWith("{\"error\":\"")
                                && answer.body().indexOf('\n') == answer.body().length() - 1,
                        bad + ": " + answer.body());
                assertFalse(answer.body().contains("Exception"), answer.body());
            }
            assertTrue(get(base, "/v1/sessions?since=yesterday", admin)
                    .body()
                    .contains("since: 'yesterday' is not a time"));
            assertEquals(401, get(base, "/v1/sessions", null).statusCode());
            String metrics = get(base, "/metrics", null).body();
            assertTrue(metrics.contains("route=\"/v1/sessions/{session_id}\",status=\"404\""), metrics);

            // a server without PostgreSQL says so
            plain = SomactlProcess.start(
                    fixture,
                    home,
                    "serve-plain",
                    List.of("serve", "--listen", "127.0.0.1:0"),
                    Map.of("XDG_CONFIG_HOME", env.get("XDG_CONFIG_HOME")));
            URI other = listening(plain, "serve-plain");
            HttpResponse<String> unavailable =
                    get(other, "/v1/sessions/" + URLEncoder.encode(id, StandardCharsets.UTF_8), admin);
            assertEquals(503, unavailable.statusCode(), unavailable.body());
            assertTrue(
                    unavailable.body().contains("no PostgreSQL configured for this server (postgres.url is not set"),
                    unavailable.body());
        } finally {
            for (Process p : new Process[] {server, plain}) {
                if (p != null && p.isAlive()) {
                    p.destroy();
                    p.waitFor();
                }
            }
            if (pg != null) {
                pg.close();
            }
        }
    }

    private static Run ok(Map<String, String> env, String... args) {
        Run run = Run.of(env, args);
        assertEquals(0, run.exitCode(), run.describe());
        return run;
    }

    private static HttpResponse<String> get(URI base, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI listening(Process process, String name) throws Exception {
        Path log = home.resolve(name + ".log");
        for (int i = 0; i < 300; i++) {
            if (Files.exists(log)) {
                Matcher m = LISTENING.matcher(Files.readString(log));
                if (m.find()) {
                    return URI.create(m.group(1));
                }
            }
            assertTrue(process.isAlive(), () -> name + " exited: " + read(log));
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not start: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private Map<String, String> environment(IngestFixture fixture) {
        LocalStack stack = fixture.stack;
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("SOMACTL_KAFKA_BOOTSTRAP_SERVER", stack.kafkaBootstrap());
        env.put("SOMACTL_KAFKA_TOPIC_PREFIX", fixture.topics.prefix());
        env.put("SOMACTL_CLICKHOUSE_URL", stack.clickHouseUrl().toString());
        env.put("SOMACTL_CLICKHOUSE_DATABASE", fixture.database);
        env.put("SOMACTL_REDIS_URI", stack.redisUri());
        env.put("SOMACTL_REDIS_KEY_PREFIX", fixture.redisPrefix);
        return env;
    }
}
