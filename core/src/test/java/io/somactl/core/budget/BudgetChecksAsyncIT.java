package io.somactl.core.budget;

import static io.somactl.core.budget.BudgetWorld.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link BudgetChecks#checkAsync}, the check a server keeps many of in flight on one connection: the same
 * decisions and reservations as the waiting {@link BudgetChecks#check}, on the real Redis.
 */
@Tag("stack")
class BudgetChecksAsyncIT {
    private static final Instant NOW = Instant.parse("2023-11-16T18:25:00Z");

    @Test
    void decidesAsTheWaitingCheckDoesAtEveryThreshold() throws Exception {
        ExecutorService blocking = Executors.newFixedThreadPool(2);
        try (BudgetWorld world = new BudgetWorld(NOW)) {
            world.admin()
                    .set(
                            "acme",
                            null,
                            limit(Period.DAILY, Metric.TOTAL_TOKENS, "1000", LimitAction.PAUSE, "80", "90"),
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
                            limit(Period.MONTHLY, Metric.COST_USD, "1", LimitAction.DOWNGRADE),
                            null,
                            "t",
                            "");
            world.use("acme", "other", NOW, 700, "0");
            world.use("acme", "cheap", NOW, 10, "0.999999999999");
            BudgetChecks waiting = world.checks();
            BudgetChecks async = world.checks();
            for (String persona : new String[] {null, "bot", "cheap", "nobody"}) {
                for (long tokens : new long[] {1, 99, 100, 201, 290, 300, 301, 5000}) {
                    BudgetRequest request = BudgetRequest.tokens("acme", persona, tokens);
                    CheckResult expected = waiting.check(request, false);
                    // twice: the first reads the definitions (on the blocking pool), the second uses the kept ones
                    for (int round = 0; round < 2; round++) {
                        CheckResult actual =
                                async.checkAsync(request, false, blocking).get(10, TimeUnit.SECONDS);
                        String what = persona + " " + tokens + " round " + round;
                        assertEquals(expected.decision(), actual.decision(), what);
                        assertEquals(expected.downgradeTo(), actual.downgradeTo(), what);
                        assertEquals(expected.reason(), actual.reason(), what);
                        assertEquals(
                                expected.budgets().stream()
                                        .map(BudgetUsage::state)
                                        .toList(),
                                actual.budgets().stream()
                                        .map(BudgetUsage::state)
                                        .toList(),
                                what);
                        assertEquals(
                                expected.budgets().stream()
                                        .map(BudgetUsage::used)
                                        .toList(),
                                actual.budgets().stream().map(BudgetUsage::used).toList(),
                                what);
                    }
                }
            }
        } finally {
            blocking.shutdownNow();
        }
    }

    @Test
    void fiftyChecksInFlightOnOneConnectionNeverPassAHardLimit() throws Exception {
        ExecutorService blocking = Executors.newFixedThreadPool(2);
        try (BudgetWorld world = new BudgetWorld(NOW)) {
            world.admin()
                    .set(
                            "acme",
                            null,
                            limit(Period.DAILY, Metric.TOTAL_TOKENS, "1000", LimitAction.PAUSE),
                            null,
                            "t",
                            "");
            world.use("acme", "bot", NOW, 905, "0");
            BudgetChecks checks = world.checks();
            checks.check(
                    BudgetRequest.tokens("acme", "bot", 1), false); // keep the definitions: all 50 take the async path
            List<CompletableFuture<CheckResult>> inFlight = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                inFlight.add(checks.checkAsync(BudgetRequest.tokens("acme", "bot", 10), true, blocking));
            }
            List<CheckResult> results = new ArrayList<>();
            for (CompletableFuture<CheckResult> future : inFlight) {
                results.add(future.get(10, TimeUnit.SECONDS));
            }
            long allowed = results.stream().filter(r -> r.decision().proceeds()).count();
            assertEquals(results.stream().filter(CheckResult::reserved).count(), allowed);
            assertEquals(9, allowed, "exactly the nine requests that fit: 905 + 9 × 10 = 995");
            assertEquals(
                    BigInteger.valueOf(90),
                    checks.show(world.store().read("acme")).get(0).reserved());
        } finally {
            blocking.shutdownNow();
        }
    }

    @Test
    void anOverrideInForceIsReadOffTheIoThreadAndLiftsTheLimit() throws Exception {
        ExecutorService blocking = Executors.newFixedThreadPool(2);
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
            BudgetRequest one = BudgetRequest.tokens("acme", "bot", 1);
            assertEquals(
                    Decision.PAUSE,
                    checks.checkAsync(one, false, blocking)
                            .get(10, TimeUnit.SECONDS)
                            .decision());
            world.admin().override("acme", null, Instant.now().plus(Duration.ofHours(2)), "bob", "launch day");
            CheckResult lifted = checks.checkAsync(one, true, blocking).get(10, TimeUnit.SECONDS);
            assertEquals(Decision.WARN, lifted.decision());
            assertTrue(lifted.reserved());
            assertEquals("bob", lifted.override().orElseThrow().actor());
        } finally {
            blocking.shutdownNow();
        }
    }
}
