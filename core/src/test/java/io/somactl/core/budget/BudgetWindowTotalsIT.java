package io.somactl.core.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.Secret;
import io.somactl.core.redis.RedisSettings;
import io.somactl.core.testing.RedisServers;
import io.somactl.core.usage.UsageTotals;
import io.somactl.core.usage.UsageWindow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Budget checks read each window's usage from totals kept beside the counters (built once per window,
 * then kept by ingest), not from the counters: the totals must always equal the usage in the window,
 * and a decision must cost a small, fixed number of Redis commands whatever the windows.
 */
@Tag("stack")
class BudgetWindowTotalsIT {
    private static final Instant START = Instant.parse("2023-11-29T20:10:00Z");
    private static final List<String> PERSONAS = List.of("support", "sales");

    private record Use(String persona, Instant at, long tokens, BigDecimal cost) {}

    @Test
    void everyWindowMeasuresExactlyTheUsageInItsHoursWhileUsageArrivesAndTheClockMovesAcrossDaysAndMonths() {
        for (String zone : List.of("Europe/Berlin", "Asia/Kolkata", "America/Los_Angeles")) {
            try (BudgetWorld world = new BudgetWorld(START)) {
                String tenant = "acme";
                world.admin()
                        .set(
                                tenant,
                                null,
                                limit(Period.DAILY, Metric.TOTAL_TOKENS, WindowKind.CALENDAR),
                                ZoneId.of(zone),
                                "t",
                                "");
                world.admin()
                        .set(tenant, null, limit(Period.MONTHLY, Metric.COST_USD, WindowKind.CALENDAR), null, "t", "");
                world.admin()
                        .set(
                                tenant,
                                "support",
                                limit(Period.DAILY, Metric.TOTAL_TOKENS, WindowKind.ROLLING),
                                null,
                                "t",
                                "");
                world.admin()
                        .set(
                                tenant,
                                "support",
                                limit(Period.MONTHLY, Metric.COST_USD, WindowKind.ROLLING),
                                null,
                                "t",
                                "");
                Random random = new Random(20231116L + zone.hashCode());
                List<Use> uses = new ArrayList<>();
                for (int step = 0; step < 40; step++) {
                    Instant now = world.clock.instant();
                    for (int e = random.nextInt(4); e > 0; e--) {
                        // mostly recent usage, some of it late (days old), none of it in the future
                        long back = random.nextInt(10) < 7 ? random.nextInt(3 * 3600) : random.nextInt(35 * 86400);
                        Use use = new Use(
                                PERSONAS.get(random.nextInt(2)),
                                now.minusSeconds(back),
                                1 + random.nextInt(5000),
                                BigDecimal.valueOf(random.nextInt(1_000_000_000), 12)
                                        .add(BigDecimal.valueOf(random.nextInt(3))));
                        world.use(
                                tenant,
                                use.persona(),
                                use.at(),
                                use.tokens(),
                                use.cost().toPlainString());
                        uses.add(use);
                    }
                    List<BudgetUsage> shown = world.checks().show(world.store().read(tenant));
                    assertEquals(4, shown.size());
                    for (BudgetUsage budget : shown) {
                        BigDecimal expected = BigDecimal.ZERO;
                        for (Use use : uses) {
                            boolean inScope =
                                    budget.persona() == null || budget.persona().equals(use.persona());
                            boolean inWindow =
                                    !use.at().isBefore(budget.window().start())
                                            && use.at().isBefore(budget.window().end());
                            if (inScope && inWindow) {
                                expected = expected.add(
                                        budget.limit().metric() == Metric.COST_USD
                                                ? use.cost()
                                                : BigDecimal.valueOf(use.tokens()));
                            }
                        }
                        assertEquals(
                                0,
                                expected.compareTo(budget.usedAmount()),
                                "in " + zone + " at " + now + ", "
                                        + budget.scope() + " "
                                        + budget.limit().period().cliName() + " "
                                        + budget.window().label()
                                        + " measured " + budget.usedAmount() + " but the usage in its hours is "
                                        + expected);
                    }
                    world.clock.advance(Duration.ofMinutes(10 + random.nextInt(160)));
                }
            }
        }
    }

    @Test
    void countersRewrittenFromClickHouseAreWhatTheNextCheckMeasures() {
        Instant now = Instant.parse("2023-11-16T18:25:00Z");
        try (BudgetWorld world = new BudgetWorld(now)) {
            world.admin()
                    .set("acme", null, limit(Period.DAILY, Metric.TOTAL_TOKENS, WindowKind.CALENDAR), null, "t", "");
            Instant hour = now.truncatedTo(ChronoUnit.HOURS);
            world.use("acme", "support", hour.plusSeconds(60), 700, "0");
            assertEquals(
                    BigInteger.valueOf(700),
                    world.checks().show(world.store().read("acme")).get(0).used());

            // what a rebuild from ClickHouse does: the tenant's counters set to exactly what ClickHouse holds
            UsageTotals rebuilt = new UsageTotals(1, 100, 150, 250, BigDecimal.ZERO, 0);
            Map<String, UsageTotals> sums = new HashMap<>();
            for (UsageWindow window : UsageWindow.values()) {
                sums.put(world.keys.usage().tenantUsage("acme", window, hour), rebuilt);
            }
            world.counters.replace("acme", sums, world.counters.appliedOffsets("acme"));

            assertEquals(
                    BigInteger.valueOf(250),
                    world.checks().show(world.store().read("acme")).get(0).used(),
                    "the check still measured the usage from before the counters were rewritten");
        }
    }

    @Test
    void aDecisionCostsAFewRedisCommandsHoweverManyCountersItsWindowsSpan() throws Exception {
        Instant now = Instant.parse("2023-11-29T20:10:00Z");
        try (RedisServers own = RedisServers.standalone();
                BudgetWorld world = new BudgetWorld(
                        now, new RedisSettings(own.uri(), Secret.none(), "t_o1", Duration.ofSeconds(10)))) {
            // windows of many counters: a Los Angeles month (hours, then days) and a rolling 30 days
            world.admin()
                    .set(
                            "acme",
                            null,
                            limit(Period.MONTHLY, Metric.COST_USD, WindowKind.CALENDAR),
                            ZoneId.of("America/Los_Angeles"),
                            "t",
                            "");
            world.admin()
                    .set(
                            "acme",
                            "support",
                            limit(Period.MONTHLY, Metric.TOTAL_TOKENS, WindowKind.ROLLING),
                            null,
                            "t",
                            "");
            world.admin()
                    .set(
                            "acme",
                            "support",
                            limit(Period.DAILY, Metric.TOTAL_TOKENS, WindowKind.ROLLING),
                            null,
                            "t",
                            "");
            for (int h = 0; h < 30 * 24; h += 5) {
                world.use("acme", "support", now.minus(Duration.ofHours(h)), 10, "0.01");
            }
            BudgetChecks checks = world.checks(Duration.ofMillis(1)); // every check also expires the one before
            BudgetRequest request = BudgetRequest.tokens("acme", "support", 5);
            checks.check(request, true); // builds the windows' totals
            world.clock.advance(Duration.ofMillis(5));
            world.redis.async().configResetstat().get(10, TimeUnit.SECONDS);
            int decisions = 50;
            for (int i = 0; i < decisions; i++) {
                world.clock.advance(Duration.ofMillis(5));
                assertTrue(checks.check(request, true).reserved());
            }
            long commands = 0;
            for (String line : world.redis
                    .async()
                    .info("commandstats")
                    .get(10, TimeUnit.SECONDS)
                    .split("\r?\n")) {
                if (line.startsWith("cmdstat_")
                        && !line.startsWith("cmdstat_info")
                        && !line.startsWith("cmdstat_config")) {
                    commands += Long.parseLong(line.replaceAll("^cmdstat_[^:]+:calls=(\\d+),.*", "$1"));
                }
            }
            // per decision: 2 HGETALL of the definitions, EVALSHA, and inside it HMGET windows, ZRANGEBYSCORE,
            // HMGET + HDEL + ZREM of the expired reservation, 2 EXISTS, 2 HGET sums, ZADD, HSET, 2 PTTL (+ PEXPIRE)
            assertTrue(
                    commands <= 20L * decisions,
                    decisions + " decisions took " + commands
                            + " Redis commands; a decision should take about 17 whatever the windows (the counters alone are ~100 keys)");
        }
    }

    @Test
    void aLimitChangedElsewhereAppliesToTheVeryNextCheckOfALongRunningClient() {
        try (BudgetWorld world = new BudgetWorld(Instant.parse("2023-11-16T18:25:00Z"))) {
            world.admin()
                    .set(
                            "acme",
                            "bot",
                            BudgetWorld.limit(Period.DAILY, Metric.TOTAL_TOKENS, "1000", LimitAction.PAUSE),
                            null,
                            "t",
                            "");
            BudgetChecks longRunning = world.checks();
            BudgetRequest request = BudgetRequest.tokens("acme", "bot", 50);
            assertEquals(Decision.ALLOW, longRunning.check(request, false).decision());

            world.admin()
                    .set(
                            "acme",
                            "bot",
                            BudgetWorld.limit(Period.DAILY, Metric.TOTAL_TOKENS, "40", LimitAction.PAUSE),
                            null,
                            "t",
                            "");
            assertEquals(
                    Decision.PAUSE,
                    longRunning.check(request, true).decision(),
                    "the client decided with the limit it had read before it was lowered");
            world.admin()
                    .set(
                            "acme",
                            null,
                            BudgetWorld.limit(Period.DAILY, Metric.TOTAL_TOKENS, "30", LimitAction.REQUIRE_APPROVAL),
                            null,
                            "t",
                            "");
            world.admin()
                    .set(
                            "acme",
                            "bot",
                            BudgetWorld.limit(Period.DAILY, Metric.TOTAL_TOKENS, "1000", LimitAction.PAUSE),
                            null,
                            "t",
                            "");
            assertEquals(
                    Decision.REQUIRE_APPROVAL,
                    longRunning.check(request, true).decision(),
                    "the tenant's new limit did not apply to the persona's check");
        }
    }

    private static BudgetLimit limit(Period period, Metric metric, WindowKind kind) {
        return new BudgetLimit(
                period,
                metric,
                kind,
                new BigDecimal("100000000"),
                List.of(new BigDecimal("80")),
                LimitAction.PAUSE,
                null);
    }
}
