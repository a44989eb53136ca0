package io.somactl.core.budget;

import static io.somactl.core.budget.BudgetWorld.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Budgets on the real Redis and ClickHouse: definitions, decisions, reservations, overrides, audit. */
@Tag("stack")
class BudgetChecksIT {
    private static final Instant NOW = Instant.parse("2023-11-16T18:25:00Z");

    @Test
    void limitsSetAreReadBackAndShownWithTheirUsage() {
        try (BudgetWorld world = new BudgetWorld(NOW)) {
            BudgetAdmin admin = world.admin();
            admin.set(
                    "acme",
                    null,
                    limit(Period.DAILY, Metric.TOTAL_TOKENS, "1000", LimitAction.PAUSE, "80", "90"),
                    ZoneId.of("Europe/Berlin"),
                    "alice",
                    "initial limits");
            admin.set(
                    "acme",
                    "support",
                    limit(Period.MONTHLY, Metric.COST_USD, "12.5", LimitAction.DOWNGRADE, "50"),
                    null,
                    "alice",
                    "");
            world.use("acme", "support", NOW.minus(Duration.ofHours(2)), 850, "7.000000000001");
            world.use("acme", "sales", NOW.minus(Duration.ofDays(1)), 10_000, "1"); // yesterday: outside the day

            TenantBudgets read = world.store().read("acme");
            assertEquals(ZoneId.of("Europe/Berlin"), read.timeZone());
            assertEquals(List.of("acme"), world.store().tenants());
            List<BudgetUsage> shown = world.checks().show(read);

            assertEquals(2, shown.size());
            BudgetUsage tokens = shown.get(0);
            assertEquals(BigInteger.valueOf(850), tokens.used());
            assertEquals("warn-80%", tokens.state());
            assertEquals(new BigDecimal("85.0"), tokens.percent());
            assertEquals(Instant.parse("2023-11-16T23:00:00Z"), tokens.window().end(), "midnight in Berlin");
            BudgetUsage cost = shown.get(1);
            assertEquals("support", cost.persona());
            assertEquals(new BigDecimal("7.000000000001"), cost.usedAmount(), "the persona's cost this month, exactly");
            assertEquals("warn-50%", cost.state());
            assertEquals(
                    List.of("limit_set", "limit_set", "time_zone_set"),
                    world.audit().list("acme", null, null, null, 10).stream()
                            .map(AuditEntry::action)
                            .sorted()
                            .toList());
        }
    }

    @Test
    void checkDecidesAtEveryThresholdAndRefusalsNameTheBudget() {
        try (BudgetWorld world = new BudgetWorld(NOW)) {
            world.admin()
                    .set(
                            "acme",
                            null,
                            limit(Period.DAILY, Metric.TOTAL_TOKENS, "1000", LimitAction.PAUSE, "80", "90", "95"),
                            null,
                            "t",
                            "");
            world.admin()
                    .set(
                            "acme",
                            "bot",
                            limit(Period.DAILY, Metric.TOTAL_TOKENS, "200", LimitAction.REQUIRE_APPROVAL),
                            null,
                            "t",
                            "");
            world.admin()
                    .set(
                            "acme",
                            "cheap",
                            limit(Period.DAILY, Metric.TOTAL_TOKENS, "100", LimitAction.DOWNGRADE),
                            null,
                            "t",
                            "");
            world.use("acme", "other", NOW, 700, "0");
            BudgetChecks checks = world.checks();

            assertEquals(
                    Decision.ALLOW,
                    checks.check(BudgetRequest.tokens("acme", null, 99), false).decision());
            assertEquals(
                    Decision.WARN,
                    checks.check(BudgetRequest.tokens("acme", null, 100), false).decision());
            assertEquals(
                    "warn-90%",
                    checks.check(BudgetRequest.tokens("acme", null, 200), false)
                            .budgets()
                            .get(0)
                            .state());
            assertEquals(
                    Decision.WARN,
                    checks.check(BudgetRequest.tokens("acme", null, 300), false).decision(),
                    "exactly the limit");
            CheckResult paused = checks.check(BudgetRequest.tokens("acme", null, 301), false);
            assertEquals(Decision.PAUSE, paused.decision());
            assertTrue(
                    paused.reason()
                            .contains("acme daily total-tokens would be exceeded: paused (limit 1000 tokens, used 700"),
                    paused.reason());
            assertTrue(paused.reason().contains("resets 2023-11-17T00:00:00Z"), paused.reason());
            assertEquals(
                    Decision.REQUIRE_APPROVAL,
                    checks.check(BudgetRequest.tokens("acme", "bot", 201), false)
                            .decision(),
                    "the persona's limit is passed, the tenant's is not");
            CheckResult downgraded = checks.check(BudgetRequest.tokens("acme", "cheap", 101), false);
            assertEquals(Decision.DOWNGRADE, downgraded.decision());
            assertEquals("phi-3-mini", downgraded.downgradeTo());
            assertEquals(
                    Decision.ALLOW,
                    checks.check(BudgetRequest.tokens("globex", null, 1_000_000), true)
                            .decision(),
                    "a tenant without budgets is allowed");
        }
    }

    @Test
    void reservationsCountUntilTheyExpireAndRefusedRequestsReserveNothing() {
        try (BudgetWorld world = new BudgetWorld(NOW)) {
            world.admin()
                    .set("acme", null, limit(Period.DAILY, Metric.COST_USD, "10", LimitAction.PAUSE), null, "t", "");
            world.admin()
                    .set(
                            "acme",
                            "bot",
                            limit(Period.DAILY, Metric.INPUT_TOKENS, "100", LimitAction.PAUSE),
                            null,
                            "t",
                            "");
            BudgetChecks checks = world.checks(Duration.ofMinutes(10));
            BudgetRequest costly =
                    new BudgetRequest("acme", "bot", 10L, 10L, 0L, new BigDecimal("6.000000000007"), null);

            CheckResult first = checks.check(costly, true);
            assertTrue(first.reserved());
            CheckResult second = checks.check(costly, true);
            assertEquals(Decision.PAUSE, second.decision());
            assertFalse(second.reserved());
            assertEquals(
                    new BigDecimal("6.000000000007"), second.budgets().get(0).reservedAmount());
            assertEquals(
                    BigInteger.TEN,
                    second.budgets().get(1).reserved(),
                    "the persona's reservation counts on its budget");

            world.clock.advance(Duration.ofMinutes(11));
            CheckResult later = checks.check(BudgetRequest.nothing("acme", "bot"), false);
            assertEquals(BigInteger.ZERO, later.budgets().get(0).reserved(), "expired reservations leave the sums");
            assertEquals(BigInteger.ZERO, later.budgets().get(1).reserved());
            assertEquals(Decision.ALLOW, checks.check(costly, true).decision());
        }
    }

    @Test
    void fiftyConcurrentChecksAgainstANearlySpentHardLimitNeverPassIt() throws Exception {
        try (BudgetWorld world = new BudgetWorld(NOW)) {
            world.admin()
                    .set(
                            "acme",
                            null,
                            limit(Period.DAILY, Metric.TOTAL_TOKENS, "1000", LimitAction.PAUSE),
                            null,
                            "t",
                            "");
            world.admin()
                    .set(
                            "acme",
                            "bot",
                            limit(Period.MONTHLY, Metric.COST_USD, "1000", LimitAction.PAUSE),
                            null,
                            "t",
                            "");
            world.use("acme", "bot", NOW, 905, "0");
            BudgetChecks checks = world.checks();
            ExecutorService pool = Executors.newFixedThreadPool(50);
            try {
                List<Callable<CheckResult>> calls = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    calls.add(() -> checks.check(BudgetRequest.tokens("acme", "bot", 10), true));
                }
                List<CheckResult> results = new ArrayList<>();
                for (Future<CheckResult> future : pool.invokeAll(calls)) {
                    results.add(future.get());
                }
                long allowed =
                        results.stream().filter(r -> r.decision().proceeds()).count();
                assertEquals(results.stream().filter(CheckResult::reserved).count(), allowed);
                BigInteger committed = BigInteger.valueOf(905 + 10 * allowed);
                assertTrue(
                        committed.compareTo(BigInteger.valueOf(1000 + 10)) <= 0,
                        "usage plus reservations may pass the limit by one request at most: " + committed);
                assertEquals(9, allowed, "exactly the nine requests that fit: 905 + 9 × 10 = 995");
                BudgetUsage after = checks.show(world.store().read("acme")).get(0);
                assertEquals(BigInteger.valueOf(90), after.reserved());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anOverrideLiftsTheHardActionIsAuditedAndExpiresWithItsUntil() throws Exception {
        try (BudgetWorld world = new BudgetWorld(NOW)) {
            world.admin()
                    .set(
                            "acme",
                            null,
                            limit(Period.DAILY, Metric.TOTAL_TOKENS, "100", LimitAction.PAUSE),
                            null,
                            "t",
                            "");
            world.use("acme", "bot", NOW, 100, "0");
            BudgetChecks checks = world.checks();
            assertEquals(
                    Decision.PAUSE,
                    checks.check(BudgetRequest.tokens("acme", "bot", 1), false).decision());

            Instant until = Instant.now().plus(Duration.ofHours(2));
            world.admin().override("acme", null, until, "bob", "launch day, approved by finance");
            CheckResult lifted = checks.check(BudgetRequest.tokens("acme", "bot", 1), true);

            assertEquals(Decision.WARN, lifted.decision());
            assertTrue(lifted.reserved());
            assertEquals("over-lifted", lifted.budgets().get(0).state());
            assertEquals("bob", lifted.override().orElseThrow().actor());
            long expiresAt = world.redis
                    .async()
                    .pexpiretime(world.keys.override("acme", null))
                    .get();
            assertEquals(until.toEpochMilli(), expiresAt, "Redis forgets the override at its until");
            AuditEntry audited = world.audit()
                    .list("acme", AuditEntry.OVERRIDE, null, null, 10)
                    .get(0);
            assertEquals("bob", audited.actor());
            assertEquals("launch day, approved by finance", audited.reason());
            assertTrue(audited.after().contains(until.toString()), audited.after());

            assertTrue(world.admin().clearOverride("acme", null, "bob", "done early"));
            assertEquals(
                    Decision.PAUSE,
                    checks.check(BudgetRequest.tokens("acme", "bot", 1), false).decision());
        }
    }

    @Test
    void applyMakesRedisHoldExactlyTheFileAndDryRunChangesNothing() {
        try (BudgetWorld world = new BudgetWorld(NOW)) {
            world.admin()
                    .set(
                            "initech",
                            null,
                            limit(Period.DAILY, Metric.TOTAL_TOKENS, "5", LimitAction.PAUSE),
                            null,
                            "t",
                            "");
            Map<String, TenantBudgets> file = BudgetFile.parse(BudgetFileTest.FILE, "budgets.yaml");

            List<BudgetChange> planned = world.admin().apply(file, true, "ci", "");
            assertEquals(List.of("initech"), world.store().tenants(), "a dry run changes nothing");
            assertTrue(
                    planned.stream().anyMatch(c -> c.line().startsWith("- initech daily:total-tokens")),
                    planned.toString());

            world.admin().apply(file, false, "ci", "quarterly budgets");
            assertEquals(List.of("acme", "globex"), world.store().tenants());
            assertEquals(file.get("acme"), world.store().read("acme"));
            assertTrue(world.store().read("initech").isEmpty());
            assertEquals(List.of(), world.admin().apply(file, false, "ci", ""), "applying again changes nothing");
            assertEquals(
                    planned.size(),
                    world.audit().list(null, null, null, null, 100).stream()
                            .filter(e -> e.actor().equals("ci"))
                            .count(),
                    "each change is audited once");
        }
    }
}
