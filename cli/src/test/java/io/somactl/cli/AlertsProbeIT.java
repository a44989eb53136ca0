package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.alerts.AlertmanagerApi;
import io.somactl.core.alerts.PrometheusApi;
import io.somactl.core.alerts.PrometheusRules;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.LocalStack;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * somactl alerts on the real stack: the stack's Prometheus scrapes a real ingest worker (its own process),
 * the probe sees it up, then down past the window after a SIGKILL, pushes the alert to the stack's
 * Alertmanager, and resolves it after the worker is back; budgets past 80% and 100% raise the budget alert.
 */
@Tag("stack")
class AlertsProbeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalStack stack = LocalStack.ensureUp();

    @TempDir
    Path home;

    /**
     * A test JVM that was killed leaves its worker's file_sd target behind, and the shared Prometheus would
     * report that worker down for ever: remove the targets of test JVMs that are gone (the pid is in the name).
     */
    @org.junit.jupiter.api.BeforeAll
    static void removeTargetsOfDeadTestJvms() throws Exception {
        Path targets = LocalStack.ensureUp().stackDir().resolve("prometheus/targets");
        if (!Files.isDirectory(targets)) {
            return;
        }
        java.util.regex.Pattern ours = java.util.regex.Pattern.compile("t_[a-z0-9]+_(\\d+)_\\d+\\.json");
        try (var files = Files.list(targets)) {
            for (Path file : files.toList()) {
                java.util.regex.Matcher m = ours.matcher(file.getFileName().toString());
                if (m.matches()
                        && !ProcessHandle.of(Long.parseLong(m.group(1)))
                                .map(ProcessHandle::isAlive)
                                .orElse(false)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    void theStacksPrometheusLoadsTheCheckedInRules() {
        List<String> loaded = new PrometheusApi(stack.prometheusUrl(), Duration.ofSeconds(10)).ruleNames();
        for (String rule : List.of(
                "TelemetryWorkerDown",
                "IngestWorkerUnhealthy",
                "IngestConsumerLagHigh",
                "IngestDeadLetterRateHigh",
                "IngestNoInsert",
                "TenantSpendRateHigh",
                "tenant:somactl_ingest_cost_usd:rate1h")) {
            assertTrue(
                    loaded.contains(rule),
                    "the stack's Prometheus has not loaded " + rule + " (loaded: " + loaded
                            + "); stack/up copies infra/observability/alerts.yml to its rules");
        }
        assertTrue(PrometheusRules.render(PrometheusRules.Options.defaults()).contains("alert: TelemetryWorkerDown"));
    }

    @Test
    void aKilledWorkerIsCriticalPastTheWindowIsPushedAndResolvesWhenItIsBack() throws Exception {
        IngestFixture fixture = new IngestFixture("alertsdown");
        String worker = fixture.name;
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path targets = stack.stackDir().resolve("prometheus/targets").resolve(worker + ".json");
        Files.writeString(
                targets,
                "[{\"targets\": [\"127.0.0.1:" + port + "\"], \"labels\": {\"worker\": \"" + worker + "\"}}]\n");
        Path rules = home.resolve("rules.yaml");
        Files.writeString(
                rules,
                "TelemetryWorkerDown:\n  kind: worker-down\n  selector: 'job=\"somactl-ingest\",worker=\"" + worker
                        + "\"'\n  for: 4s\n");
        String source = "test-" + worker;
        Map<String, String> env = environment(fixture.name);
        AlertmanagerApi alertmanager = new AlertmanagerApi(stack.alertmanagerUrl(), Duration.ofSeconds(10));
        Process process = startIngest(fixture, port, "first");
        try {
            Run up = waitFor(env, r -> r.exitCode() == 0, "alerts", "probe", "--rules", rules.toString(), "-o", "json");
            JsonNode ok = JSON.readTree(up.out());
            assertEquals("ok", ok.get("state").asText(), up.describe());
            assertEquals(
                    "127.0.0.1:" + port,
                    ok.at("/rules/0/findings/0/labels/instance").asText(),
                    up.describe());

            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the killed worker did not die");
            Run down = waitFor(
                    env,
                    r -> r.exitCode() == 2,
                    "alerts",
                    "probe",
                    "--rules",
                    rules.toString(),
                    "--push",
                    "--source",
                    source);
            assertTrue(
                    down.out().contains("TelemetryWorkerDown")
                            && down.out().contains("critical")
                            && down.out().contains("has not been scraped for at least 4s"),
                    down.describe());
            List<AlertmanagerApi.Alert> firing = alertmanager.active(Map.of("source", source));
            assertEquals(1, firing.size(), "Alertmanager should hold exactly the one pushed alert: " + firing);
            AlertmanagerApi.Alert alert = firing.get(0);
            assertEquals("TelemetryWorkerDown", alert.labels().get("alertname"));
            assertEquals("critical", alert.labels().get("severity"));
            assertEquals("127.0.0.1:" + port, alert.labels().get("instance"));
            assertTrue(
                    alert.annotations().get("summary").contains("has not been scraped"),
                    alert.annotations().toString());

            Thread.sleep(1100);
            Run again = run(env, "alerts", "probe", "--rules", rules.toString(), "--push", "--source", source);
            assertEquals(2, again.exitCode(), again.describe());
            List<AlertmanagerApi.Alert> stillOne = alertmanager.active(Map.of("source", source));
            assertEquals(1, stillOne.size(), "pushing again duplicated the alert: " + stillOne);
            assertEquals(
                    alert.startsAt(), stillOne.get(0).startsAt(), "pushing again restarted the alert (it flapped)");
            assertTrue(
                    stillOne.get(0).endsAt().isAfter(alert.endsAt()), "pushing again should extend the alert's endsAt");

            // Prometheus itself, with the shipped rules (for: 1m), fires TelemetryWorkerDown into Alertmanager too.
            AlertmanagerApi.Alert fromPrometheus = waitForAlert(
                    alertmanager,
                    Map.of("alertname", "TelemetryWorkerDown", "instance", "127.0.0.1:" + port, "worker", worker),
                    Duration.ofSeconds(150));
            assertEquals("critical", fromPrometheus.labels().get("severity"), fromPrometheus.toString());
            assertEquals("somactl-ingest", fromPrometheus.labels().get("job"), fromPrometheus.toString());

            process = startIngest(fixture, port, "second");
            try {
                waitFor(
                        env,
                        r -> r.exitCode() == 0,
                        "alerts",
                        "probe",
                        "--rules",
                        rules.toString(),
                        "--push",
                        "--source",
                        source);
            } catch (AssertionError e) {
                throw new AssertionError(
                        e.getMessage() + "\nthe restarted worker's log:\n"
                                + Files.readString(home.resolve("second.log")),
                        e);
            }
            assertEquals(
                    List.of(),
                    alertmanager.active(Map.of("source", source)),
                    "the alert should be resolved once the worker is back");
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(targets);
        }
    }

    @Test
    void aTenantPastEightyPercentOfABudgetRaisesTheBudgetAlertWithTenantAndPersona() throws Exception {
        String name = LocalStack.freshDatabase("alertsbudget");
        Map<String, String> env = environment(name);
        String source = "test-" + name;
        assertEquals(0, run(env, "schema", "apply").exitCode());
        Run none = run(env, "alerts", "probe", "--rule", "TenantBudgetThreshold");
        assertEquals(0, none.exitCode(), none.describe());
        assertEquals(
                0,
                run(
                                env,
                                "budget",
                                "set",
                                "--tenant",
                                "acme",
                                "--persona",
                                "bot",
                                "--period",
                                "daily",
                                "--metric",
                                "total-tokens",
                                "--limit",
                                "1000",
                                "--action",
                                "pause")
                        .exitCode());
        assertEquals(
                0,
                run(env, "budget", "check", "--tenant", "acme", "--persona", "bot", "--tokens", "799")
                        .exitCode());
        Run below = run(env, "alerts", "probe", "--rule", "TenantBudgetThreshold");
        assertEquals(0, below.exitCode(), "79.9% is below the 80% warning: " + below.describe());

        assertEquals(
                10,
                run(env, "budget", "check", "--tenant", "acme", "--persona", "bot", "--tokens", "1")
                        .exitCode());
        Run warning = run(
                env, "alerts", "probe", "--rule", "TenantBudgetThreshold", "--push", "--source", source, "-o", "json");
        assertEquals(1, warning.exitCode(), "80.0% should be a warning: " + warning.describe());
        JsonNode finding = JSON.readTree(warning.out()).at("/rules/0/findings/0");
        assertEquals("warning", finding.get("state").asText(), warning.describe());
        assertEquals("acme", finding.at("/labels/tenant").asText());
        assertEquals("bot", finding.at("/labels/persona").asText());
        AlertmanagerApi alertmanager = new AlertmanagerApi(stack.alertmanagerUrl(), Duration.ofSeconds(10));
        List<AlertmanagerApi.Alert> pushed = alertmanager.active(Map.of("source", source));
        assertEquals(1, pushed.size(), pushed.toString());
        assertEquals(
                Map.of(
                        "alertname",
                        "TenantBudgetThreshold",
                        "tenant",
                        "acme",
                        "persona",
                        "bot",
                        "budget",
                        "daily:total-tokens",
                        "severity",
                        "warning",
                        "source",
                        source),
                pushed.get(0).labels());

        assertEquals(
                10,
                run(env, "budget", "check", "--tenant", "acme", "--persona", "bot", "--tokens", "200")
                        .exitCode());
        Run critical = run(env, "alerts", "probe", "--rule", "TenantBudgetThreshold", "--push", "--source", source);
        assertEquals(2, critical.exitCode(), "100% should be critical: " + critical.describe());
        List<AlertmanagerApi.Alert> now = alertmanager.active(Map.of("source", source));
        assertEquals(1, now.size(), "the warning should be resolved when the critical replaces it: " + now);
        assertEquals("critical", now.get(0).labels().get("severity"));

        Map<String, String> noPrometheus = new HashMap<>(env);
        noPrometheus.put("SOMACTL_PROMETHEUS_URL", "http://127.0.0.1:" + closedPort());
        Run unknown = run(noPrometheus, "alerts", "probe", "--rule", "TelemetryWorkerDown");
        assertEquals(
                3, unknown.exitCode(), "a Prometheus that does not answer should be unknown: " + unknown.describe());
        assertTrue(unknown.out().contains("unknown") && unknown.out().contains("did not answer"), unknown.describe());
    }

    @Test
    void refusalAndEscalationErrorRulesMeasureTheLastFifteenMinutesAsComputedFromTheEvents() throws Exception {
        IngestFixture fixture = new IngestFixture("alertsch");
        List<io.somactl.core.fixtures.TopicEvent> recent = new ArrayList<>();
        List<io.somactl.core.fixtures.TopicEvent> trace = IngestFixture.trace(30_000).stream()
                .filter(e -> e.topic() == io.somactl.core.events.Topic.POLICY_EVENTS
                        || e.topic() == io.somactl.core.events.Topic.ESCALATION_METRICS)
                .toList();
        // The trace's events, moved into the last 10 minutes (order kept), so they fall in the rules' window.
        java.time.Instant start = java.time.Instant.now().minusSeconds(600);
        Map<String, long[]> policy = new java.util.TreeMap<>(); // tenant -> {decisions, blocks}
        Map<String, long[]> escalations = new java.util.TreeMap<>(); // tenant/model -> {escalations, errors}
        for (int i = 0; i < trace.size(); i++) {
            io.somactl.core.fixtures.TopicEvent e = trace.get(i);
            com.fasterxml.jackson.databind.node.ObjectNode json =
                    (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(e.json());
            json.put(
                    "ts",
                    java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                            .withZone(java.time.ZoneOffset.UTC)
                            .format(start.plusMillis(540_000L * i / trace.size())));
            recent.add(new io.somactl.core.fixtures.TopicEvent(e.topic(), e.tenant(), json.toString()));
            if (e.topic() == io.somactl.core.events.Topic.POLICY_EVENTS) {
                long[] c = policy.computeIfAbsent(json.get("tenant").asText(), k -> new long[2]);
                c[0]++;
                c[1] += "block".equals(json.get("verdict").asText()) ? 1 : 0;
            } else {
                long[] c = escalations.computeIfAbsent(
                        json.get("tenant").asText() + "/"
                                + json.get("oss_model_id").asText(),
                        k -> new long[2]);
                c[0]++;
                c[1] += "error".equals(json.get("outcome").asText()) ? 1 : 0;
            }
        }
        fixture.produce(recent);
        io.somactl.core.ingest.IngestRun.untilCaughtUp(
                fixture, io.somactl.core.ingest.IngestRun.config(fixture, "alertsch", 5_000));
        Map<String, String> env = environment(fixture.name);

        Run refusals = run(env, "alerts", "probe", "--rule", "RefusalSpike", "-o", "json");
        JsonNode findings = JSON.readTree(refusals.out()).at("/rules/0/findings");
        Map<String, Double> measured = new java.util.TreeMap<>();
        findings.forEach(f ->
                measured.put(f.at("/labels/tenant").asText(), f.get("value").asDouble()));
        Map<String, Double> expected = new java.util.TreeMap<>();
        policy.forEach((tenant, c) -> {
            if (c[0] >= 20) {
                expected.put(tenant, 100.0 * c[1] / c[0]); // no baseline in a fresh database: the spike is the rate
            }
        });
        assertTrue(!expected.isEmpty(), "the trace should give some tenant 20 policy decisions");
        assertEquals(
                expected.keySet(),
                measured.keySet(),
                refusals.describe()
                        + fixture.clickHouse.select(
                                "SELECT count(), toString(min(ts)), toString(max(ts)), toString(now()) FROM policy_events"));
        expected.forEach(
                (tenant, rate) -> assertEquals(rate, measured.get(tenant), 1e-9, tenant + ": " + refusals.describe()));
        int worst = 0;
        for (JsonNode f : findings) {
            double v = f.get("value").asDouble();
            String state = v >= 25 ? "critical" : v >= 10 ? "warning" : "ok";
            assertEquals(state, f.get("state").asText(), f.toString());
            worst = Math.max(worst, state.equals("critical") ? 2 : state.equals("warning") ? 1 : 0);
        }
        assertEquals(worst, refusals.exitCode(), refusals.describe());

        Run errors = run(env, "alerts", "probe", "--rule", "EscalationErrorSpike", "-o", "json");
        Map<String, Double> errorRates = new java.util.TreeMap<>();
        JSON.readTree(errors.out())
                .at("/rules/0/findings")
                .forEach(f -> errorRates.put(
                        f.at("/labels/tenant").asText() + "/"
                                + f.at("/labels/model").asText(),
                        f.get("value").asDouble()));
        Map<String, Double> expectedErrors = new java.util.TreeMap<>();
        escalations.forEach((key, c) -> {
            if (c[0] >= 10) {
                expectedErrors.put(key, 100.0 * c[1] / c[0]);
            }
        });
        assertEquals(expectedErrors.keySet(), errorRates.keySet(), errors.describe());
        expectedErrors.forEach(
                (key, rate) -> assertEquals(rate, errorRates.get(key), 1e-9, key + ": " + errors.describe()));
    }

    private Map<String, String> environment(String name) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("SOMACTL_KAFKA_BOOTSTRAP_SERVER", stack.kafkaBootstrap());
        env.put("SOMACTL_CLICKHOUSE_URL", stack.clickHouseUrl().toString());
        env.put("SOMACTL_CLICKHOUSE_DATABASE", name);
        env.put("SOMACTL_REDIS_URI", stack.redisUri());
        env.put("SOMACTL_REDIS_KEY_PREFIX", name);
        env.put("SOMACTL_PROMETHEUS_URL", stack.prometheusUrl().toString());
        env.put("SOMACTL_ALERTMANAGER_URL", stack.alertmanagerUrl().toString());
        return env;
    }

    private static Run run(Map<String, String> env, String... args) {
        return Run.of(env, args);
    }

    /** Runs the command every 500 ms until {@code done} holds (at most 60 s: scrapes and evaluations are every 2 s). */
    private static Run waitFor(Map<String, String> env, Predicate<Run> done, String... args)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Run last = null;
        while (System.nanoTime() < deadline) {
            last = run(env, args);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("somactl " + String.join(" ", args)
                + " did not reach the expected state in 60 s; last run:\n" + (last == null ? "none" : last.describe()));
    }

    /** Waits until Alertmanager holds an active alert with these labels (sent by Prometheus: no source label). */
    private static AlertmanagerApi.Alert waitForAlert(
            AlertmanagerApi alertmanager, Map<String, String> labels, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (AlertmanagerApi.Alert alert : alertmanager.active(labels)) {
                if (!alert.labels().containsKey("source")) {
                    return alert;
                }
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(
                "Prometheus did not send " + labels + " to Alertmanager within " + within.toSeconds() + " s");
    }

    private Process startIngest(IngestFixture fixture, int port, String name) throws Exception {
        return IngestProcess.start(
                fixture,
                home,
                name,
                List.of(
                        "--group",
                        "alerts-" + fixture.name,
                        "--metrics-port",
                        String.valueOf(port),
                        "--metrics-host",
                        "127.0.0.1"));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
