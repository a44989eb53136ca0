package io.somactl.core.budget;

import static io.somactl.core.budget.BudgetWorld.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("stack")
class BudgetResetIT {
    private static final Instant AFTER_MIDNIGHT = Instant.parse("2023-11-17T00:05:00Z");

    @Test
    void twoSimultaneousResetsCloseTheWindowOnceAndArchiveItsTotals() throws Exception {
        try (BudgetWorld world = new BudgetWorld(AFTER_MIDNIGHT)) {
            world.admin()
                    .set(
                            "acme",
                            null,
                            limit(Period.DAILY, Metric.TOTAL_TOKENS, "100000", LimitAction.PAUSE),
                            null,
                            "t",
                            "");
            world.admin()
                    .set("acme", "bot", limit(Period.DAILY, Metric.COST_USD, "100", LimitAction.PAUSE), null, "t", "");
            world.use("acme", "bot", Instant.parse("2023-11-16T09:00:00Z"), 1200, "1.25");
            world.use("acme", "web", Instant.parse("2023-11-16T23:59:59Z"), 300, "0.000000000003");
            world.use("acme", "bot", AFTER_MIDNIGHT, 99, "9"); // the new day: not archived

            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<BudgetReset.Report>> runs = List.of(1, 2).stream()
                    .map(i -> CompletableFuture.supplyAsync(() -> {
                        try (BudgetWorld.Connection other = world.secondConnection()) {
                            start.await();
                            return other.reset().reset(Period.DAILY, null, "cron-" + i, "scheduled reset");
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }))
                    .toList();
            start.countDown();
            List<BudgetReset.Report> reports =
                    runs.stream().map(CompletableFuture::join).toList();

            long closedWindows = reports.stream()
                    .flatMap(r -> r.tenants().stream())
                    .filter(t -> t.outcome().equals("reset"))
                    .count();
            assertEquals(1, closedWindows, "one of the two runs closes the window: " + reports);
            List<ArchivedWindow> archived = world.audit().archivedWindows("acme", Period.DAILY);
            assertEquals(2, archived.size(), "the tenant's and the persona's totals: " + archived);
            ArchivedWindow tenant = archived.stream()
                    .filter(w -> w.persona() == null)
                    .findFirst()
                    .orElseThrow();
            assertEquals("2023-11-16", tenant.windowId());
            assertEquals(1500, tenant.totals().totalTokens());
            assertEquals(
                    0,
                    new BigDecimal("1.250000000003").compareTo(tenant.totals().costUsd()),
                    tenant.totals().toString());
            assertEquals(
                    1,
                    world.audit().list("acme", AuditEntry.RESET, null, null, 10).size());

            BudgetReset.Report again = world.reset().reset(Period.DAILY, null, "cron-3", "scheduled reset");
            assertEquals("already reset", again.tenants().get(0).outcome());
            assertEquals(2, world.audit().archivedWindows("acme", Period.DAILY).size());
        }
    }

    @Test
    void aResetCatchesUpOnMissedDaysInTheTenantsTimeZoneAndSkipsRollingBudgets() {
        try (BudgetWorld world = new BudgetWorld(Instant.parse("2023-11-16T23:30:00Z"))) {
            world.admin()
                    .set(
                            "acme",
                            null,
                            limit(Period.DAILY, Metric.TOTAL_TOKENS, "1000", LimitAction.PAUSE),
                            ZoneId.of("Europe/Berlin"),
                            "t",
                            "");
            world.admin()
                    .set(
                            "globex",
                            null,
                            new BudgetLimit(
                                    Period.DAILY,
                                    Metric.TOTAL_TOKENS,
                                    WindowKind.ROLLING,
                                    BigDecimal.TEN,
                                    List.of(),
                                    LimitAction.PAUSE,
                                    null),
                            null,
                            "t",
                            "");
            BudgetReset.Report first = world.reset().reset(Period.DAILY, null, "cron", "");
            assertEquals(
                    List.of("2023-11-16"), first.tenants().get(0).windowsClosed(), "00:30 in Berlin closes the 16th");
            assertEquals("no calendar daily budget", first.tenants().get(1).outcome());

            world.clock.advance(Duration.ofDays(3));
            BudgetReset.Report late = world.reset().reset(Period.DAILY, "acme", "cron", "");
            assertEquals(
                    List.of("2023-11-17", "2023-11-18", "2023-11-19"),
                    late.tenants().get(0).windowsClosed());
        }
    }

    @Test
    void aRunThatFindsTheLockHeldDoesNothing() {
        try (BudgetWorld world = new BudgetWorld(AFTER_MIDNIGHT)) {
            world.admin()
                    .set(
                            "acme",
                            null,
                            limit(Period.DAILY, Metric.TOTAL_TOKENS, "1000", LimitAction.PAUSE),
                            null,
                            "t",
                            "");
            String token =
                    world.store().tryLock(Period.DAILY, Duration.ofMinutes(1)).orElseThrow();
            BudgetReset.Report blocked = world.reset().reset(Period.DAILY, null, "cron", "");
            assertTrue(!blocked.lockHeld() && blocked.tenants().isEmpty());
            world.store().unlock(Period.DAILY, token);
            assertEquals(
                    "reset",
                    world.reset()
                            .reset(Period.DAILY, null, "cron", "")
                            .tenants()
                            .get(0)
                            .outcome());
        }
    }
}
