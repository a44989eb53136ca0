package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.testing.LocalStack;
import io.somactl.core.testing.RedisServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The budget commands and tokens end to end: somactl's own command line against the real stack. */
@Tag("stack")
class BudgetCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalStack stack = LocalStack.ensureUp();
    private final String name = LocalStack.freshDatabase("budgetcli");
    private final Map<String, String> environment = Map.of(
            "HOME",
            "/nonexistent-home",
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
            "ci-bot");

    private Run run(String... args) {
        return Run.of(environment, args);
    }

    private Run ok(String... args) {
        Run run = run(args);
        assertEquals(0, run.exitCode(), run.describe());
        return run;
    }

    private void schema() {
        ok("schema", "apply");
    }

    @Test
    void setShowCheckOverrideAndAuditFromTheCommandLine() throws Exception {
        schema();
        Run set = ok(
                "budget",
                "set",
                "--tenant",
                "acme",
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
                "Europe/Berlin",
                "--reason",
                "first budget");
        assertTrue(set.out().contains("add") && set.out().contains("daily:total-tokens"), set.describe());
        ok(
                "budget",
                "set",
                "--tenant",
                "acme",
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
                "acme",
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

        Run show = ok("budget", "show", "acme");
        List<String> lines = show.out().lines().toList();
        assertTrue(lines.get(0).startsWith("TENANT") && lines.get(0).contains("RESETS_IN"), show.describe());
        assertEquals(4, lines.size(), show.describe());
        assertTrue(
                lines.get(1)
                        .matches(
                                "acme +- +daily:total-tokens +calendar-day +Europe/Berlin +1000 +0 +0 +0\\.0 +ok +pause .*"),
                show.describe());
        JsonNode json = JSON.readTree(ok("budget", "show", "acme", "-o", "json").out());
        assertEquals(3, json.get("budgets").size());
        assertEquals("1000", json.get("budgets").get(0).get("limit").asText());

        assertEquals(
                0,
                run("budget", "check", "--tenant", "acme", "--tokens", "500", "--no-reserve")
                        .exitCode());
        assertEquals(
                10,
                run("budget", "check", "--tenant", "acme", "--tokens", "800", "--no-reserve")
                        .exitCode());
        assertEquals(
                11,
                run("budget", "check", "--tenant", "acme", "--persona", "cheap", "--tokens", "301", "--no-reserve")
                        .exitCode());
        assertEquals(
                13,
                run("budget", "check", "--tenant", "acme", "--persona", "bot", "--tokens", "601", "--no-reserve")
                        .exitCode(),
                "an output budget counts all tokens when no split is given");
        assertEquals(
                0,
                run(
                                "budget",
                                "check",
                                "--tenant",
                                "acme",
                                "--persona",
                                "bot",
                                "--tokens",
                                "601",
                                "--output-tokens",
                                "100",
                                "--no-reserve")
                        .exitCode());
        Run paused = run("budget", "check", "--tenant", "acme", "--tokens", "1001", "-o", "json");
        assertEquals(12, paused.exitCode(), paused.describe());
        JsonNode decision = JSON.readTree(paused.out());
        assertEquals("pause", decision.get("decision").asText());
        assertEquals(false, decision.get("reserved").asBoolean());
        assertTrue(decision.get("reason").asText().contains("limit 1000 tokens"), paused.out());

        ok("budget", "override", "--tenant", "acme", "--until", "2h", "--reason", "incident 42");
        Run lifted = run("budget", "check", "--tenant", "acme", "--tokens", "1001");
        assertEquals(10, lifted.exitCode(), lifted.describe());
        assertTrue(
                lifted.out().contains("lifted by an override") && lifted.out().contains("incident 42"),
                lifted.describe());

        Run audit = ok("budget", "audit", "--tenant", "acme", "-o", "csv");
        assertTrue(
                audit.out().contains(",ci-bot,override,acme,") && audit.out().contains("incident 42"),
                audit.describe());
        assertTrue(audit.out().contains(",ci-bot,limit_set,acme,,daily:total-tokens,"), audit.describe());
        assertTrue(audit.out().contains("first budget"), audit.describe());
    }

    @Test
    void aReleasedReservationStopsCountingAtOnce() throws Exception {
        schema();
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
        JsonNode first = JSON.readTree(ok("budget", "check", "--tenant", "acme", "--tokens", "60", "-o", "json")
                .out());
        String reservation = first.get("reservation_id").asText();
        assertEquals(
                12,
                run("budget", "check", "--tenant", "acme", "--tokens", "50", "--no-reserve")
                        .exitCode(),
                "60 reserved + 50 asked is over 100: the reservation must count");

        Run released = ok("budget", "release", "--tenant", "acme", reservation, "-o", "json");
        assertTrue(JSON.readTree(released.out()).get(0).get("released").asBoolean(), released.describe());
        assertEquals(
                0,
                run("budget", "check", "--tenant", "acme", "--tokens", "50", "--no-reserve")
                        .exitCode(),
                "after the release only the 50 asked count against 100");

        Run again = ok("budget", "release", "--tenant", "acme", reservation);
        assertTrue(again.err().contains("nothing to release") && again.out().contains("false"), again.describe());
        Run bad = run("budget", "release", "--tenant", "acme", "*");
        assertEquals(2, bad.exitCode(), "an id that is not a reservation id is a usage error: " + bad.describe());
        assertTrue(bad.err().contains("not a reservation id"), bad.describe());
    }

    @Test
    void fiftyConcurrentCommandLineChecksStopAtTheHardLimit() throws Exception {
        schema();
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
                "95",
                "--action",
                "pause");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Run>> runs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                runs.add(pool.submit(
                        () -> run("budget", "check", "--tenant", "acme", "--tokens", "10", "--timeout", "30s")));
            }
            Map<Integer, Integer> byCode = new HashMap<>();
            for (Future<Run> future : runs) {
                byCode.merge(future.get().exitCode(), 1, Integer::sum);
            }
            int proceeded = byCode.getOrDefault(0, 0) + byCode.getOrDefault(10, 0);
            assertEquals(9, proceeded, "9 × 10 tokens fit in 95: " + byCode);
            assertEquals(41, byCode.getOrDefault(12, 0), byCode.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void redisDownFailsClosedByDefaultAndOpenWhenAskedAndSaysSo() {
        String nowhere = "redis://127.0.0.1:" + RedisServers.freePort();
        Run closed = run("budget", "check", "--tenant", "acme", "--tokens", "5", "--redis-uri", nowhere);
        assertEquals(12, closed.exitCode(), closed.describe());
        assertTrue(closed.out().startsWith("pause: budgets not checked: Redis did not answer"), closed.describe());
        assertTrue(closed.out().contains("budget.redis-unavailable=fail-closed"), closed.describe());
        Run open = run("budget", "check", "--tenant", "acme", "--tokens", "5", "--redis-uri", nowhere, "--fail-open");
        assertEquals(0, open.exitCode(), open.describe());
        assertTrue(open.err().contains("budgets were not checked"), open.describe());
        Map<String, String> openByConfig = new HashMap<>(environment);
        openByConfig.put("SOMACTL_BUDGET_REDIS_UNAVAILABLE", "fail-open");
        openByConfig.put("SOMACTL_REDIS_URI", nowhere);
        assertEquals(
                0,
                Run.of(openByConfig, "budget", "check", "--tenant", "acme", "--tokens", "5")
                        .exitCode());
    }

    @Test
    void applyDryRunPrintsTheDiffThenApplyAndResetAreIdempotent(@TempDir Path dir) throws Exception {
        schema();
        Path file = dir.resolve("budgets.yaml");
        Files.writeString(file, """
                tenants:
                  acme:
                    limits:
                      - {period: daily, metric: cost-usd, limit: 25.50, warn: [80, 95], action: pause}
                  globex:
                    personas:
                      support:
                        limits:
                          - {period: monthly, metric: total-tokens, limit: 1000000, window: rolling, action: pause}
                """);
        Run dry = ok("budget", "apply", "-f", file.toString(), "--dry-run");
        assertEquals(
                List.of(
                        "+ acme daily:cost-usd limit=25.5 window=calendar warn=80,95 action=pause",
                        "+ globex/support monthly:total-tokens limit=1000000 window=rolling warn=80 action=pause"),
                dry.out().lines().toList());
        assertTrue(ok("budget", "show").out().lines().count() == 1, "a dry run changes nothing");
        ok("budget", "apply", "-f", file.toString());
        assertTrue(ok("budget", "apply", "-f", file.toString()).err().contains("no change"));
        Run shown = ok("budget", "show", "-o", "csv");
        assertTrue(shown.out().contains("globex,support,monthly:total-tokens,rolling-30d,"), shown.describe());

        Run first = ok("budget", "reset", "--period", "daily");
        assertTrue(first.out().contains("acme") && first.out().contains(" reset "), first.describe());
        Run second = ok("budget", "reset", "--period", "daily");
        assertTrue(second.out().contains("already-reset"), second.describe());
        Run summary = ok("budget", "summary", "-o", "csv");
        assertTrue(
                summary.out().startsWith("tenant,spend_usd,spend_rank,top_budget,share_percent,share_rank,state,flag"),
                summary.describe());
    }

    @Test
    void tokensSumsUsagePerTenantAndModelOverAPeriod() {
        schema();
        HttpClickHouse clickHouse = new HttpClickHouse(stack.clickHouse(name));
        clickHouse.execute(
                "INSERT INTO slm_metrics (ts, tenant, persona, model_id, input_tokens, output_tokens, reasoning_tokens, cost_usd)"
                        + " VALUES ('2023-11-16 10:00:00', 'acme', 'bot', 'llama-3-8b', 100, 50, 5, 0.001), "
                        + "('2023-11-16 11:00:00', 'acme', 'web', 'llama-3-8b', 10, 5, NULL, 0.0001), "
                        + "('2023-11-17 11:00:00', 'acme', 'web', 'llama-3-8b', 1000, 1000, NULL, 1)");
        clickHouse.execute(
                "INSERT INTO escalation_metrics (ts, tenant, persona, oss_model_id, input_tokens, output_tokens, cost_usd)"
                        + " VALUES ('2023-11-16 12:00:00', 'globex', 'bot', 'gpt-oss-120b', 7, 3, 0.5)");
        Run run = ok(
                "tokens", "--since", "2023-11-16", "--until", "2023-11-17", "--group-by", "tenant,model", "-o", "csv");
        assertEquals(
                List.of(
                        "tenant,model,requests,input_tokens,output_tokens,total_tokens,cost_usd",
                        "acme,llama-3-8b,2,110,55,170,0.001100000000",
                        "globex,gpt-oss-120b,1,7,3,10,0.500000000000"),
                run.out().lines().toList());
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
                "csv");
        assertEquals(
                List.of(
                        "day,requests,input_tokens,output_tokens,total_tokens,cost_usd",
                        "2023-11-17,1,1000,1000,2000,1.000000000000",
                        "2023-11-16,1,10,5,15,0.000100000000"),
                one.out().lines().toList());
    }
}
