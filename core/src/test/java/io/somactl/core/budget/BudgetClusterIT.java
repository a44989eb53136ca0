package io.somactl.core.budget;

import static io.somactl.core.budget.BudgetWorld.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.somactl.core.Secret;
import io.somactl.core.redis.RedisSettings;
import io.somactl.core.testing.RedisServers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The same budgets on a real three-master Redis Cluster this test starts, through Lettuce's cluster client. */
@Tag("stack")
class BudgetClusterIT {
    private static final Instant NOW = Instant.parse("2023-11-16T18:25:00Z");
    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella", "hooli", "wayne");
    private static RedisServers cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisServers.cluster();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static BudgetWorld world() {
        return new BudgetWorld(
                NOW, new RedisSettings(cluster.clusterUri(), Secret.none(), "unused", Duration.ofSeconds(10), true));
    }

    @Test
    void tenantsSpreadOverTheMastersAndEachChecksAtomicallyInItsSlot() throws Exception {
        try (BudgetWorld world = world()) {
            Set<Long> slots = new HashSet<>();
            RedisAdvancedClusterAsyncCommands<String, String> commands =
                    (RedisAdvancedClusterAsyncCommands<String, String>) world.redis.async();
            for (String tenant : TENANTS) {
                world.admin()
                        .set(
                                tenant,
                                "bot",
                                limit(Period.DAILY, Metric.TOTAL_TOKENS, "1000", LimitAction.PAUSE),
                                null,
                                "t",
                                "");
                world.use(tenant, "bot", NOW, 905, "0.5");
                slots.add(
                        commands.clusterKeyslot(world.keys.tenantLimits(tenant)).get());
            }
            assertTrue(slots.size() > 1, "the tenants should not all share one slot: " + slots);

            BudgetChecks checks = world.checks();
            ExecutorService pool = Executors.newFixedThreadPool(50);
            try {
                List<Callable<CheckResult>> calls = new ArrayList<>();
                for (int i = 0; i < 50 * TENANTS.size(); i++) {
                    String tenant = TENANTS.get(i % TENANTS.size());
                    calls.add(() -> checks.check(BudgetRequest.tokens(tenant, "bot", 10), true));
                }
                List<CheckResult> results = new ArrayList<>();
                for (Future<CheckResult> future : pool.invokeAll(calls)) {
                    results.add(future.get());
                }
                for (String tenant : TENANTS) {
                    long allowed = results.stream()
                            .filter(r -> r.request().tenant().equals(tenant) && r.reserved())
                            .count();
                    assertEquals(9, allowed, tenant + ": the nine requests that fit under the limit, no more");
                }
            } finally {
                pool.shutdownNow();
            }
            List<BudgetUsage> shown = checks.show(world.store().read("acme"));
            assertEquals(BigInteger.valueOf(905), shown.get(0).used());
            assertEquals(BigInteger.valueOf(90), shown.get(0).reserved());
        }
    }

    @Test
    void summaryScansEveryNodeAndResetLocksAcrossTheCluster() {
        try (BudgetWorld world = world()) {
            for (String tenant : TENANTS) {
                world.use(tenant, "bot", NOW, 100, "2.5");
            }
            world.admin()
                    .set("acme", null, limit(Period.MONTHLY, Metric.COST_USD, "5", LimitAction.PAUSE), null, "t", "");
            BudgetSummary summary = new BudgetSummary(
                    world.redis.async(),
                    world.store(),
                    world.checks(),
                    new UsageReader(world.redis.async(), world.keys, Duration.ofSeconds(10)),
                    Duration.ofSeconds(10));

            List<BudgetSummary.Line> lines = summary.summarize(new BigDecimal("50"), false);

            assertEquals(
                    new HashSet<>(TENANTS),
                    new HashSet<>(lines.stream().map(BudgetSummary.Line::tenant).toList()),
                    "tenants with counters on every node are found");
            assertEquals("acme", lines.get(0).tenant());
            assertTrue(lines.get(0).flagged());

            world.clock.advance(Duration.ofDays(31));
            assertEquals(
                    "reset",
                    world.reset()
                            .reset(Period.MONTHLY, null, "cron", "")
                            .tenants()
                            .get(0)
                            .outcome());
        }
    }
}
