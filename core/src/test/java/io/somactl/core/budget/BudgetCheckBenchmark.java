package io.somactl.core.budget;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.somactl.core.Secret;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.redis.RedisSettings;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.TenantUsageBatch;
import io.somactl.core.usage.UsageDelta;
import io.somactl.core.usage.UsageKeys;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The core {@code budget check} path under load, for bench/budget-check (not a test): N clients, each
 * with its own Redis connection as separate policy clients would have, check-and-reserve against
 * realistic definitions (a tenant daily token limit in a non-UTC zone, a monthly cost limit and a
 * persona limit) for a fixed time. Prints one CSV line: clients, seconds, decisions, decisions/s,
 * p50 ms, p99 ms. Its keys live under a prefix of its own and are deleted at the end.
 *
 * <p>Two ways to drive it. {@code sync}: a thread per client, each waiting for its check ({@link
 * BudgetChecks#check}) on a connection of its own. {@code async}: as redis-benchmark drives Redis, no thread per
 * client: each client has one check in flight ({@link BudgetChecks#checkAsync}) and starts its next one from the
 * previous one's completion, on Lettuce's I/O threads; the clients share {@code CONNECTIONS} connections of one
 * Lettuce client (one set of I/O threads), so checks in flight on a connection are pipelined.
 *
 * <p>Usage: {@code BudgetCheckBenchmark REDIS_URI CLIENTS SECONDS [TENANTS [sync|async [CONNECTIONS]]]}
 */
public final class BudgetCheckBenchmark {
    private BudgetCheckBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals(
                "sha")) { // the decision script's SHA-1, for bench/budget-check to run it with redis-benchmark
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
                    .digest(RedisBudgetCheck.SCRIPT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            System.out.println(java.util.HexFormat.of().formatHex(digest));
            return;
        }
        String uri = args[0];
        int clients = Integer.parseInt(args[1]);
        Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
        int tenants = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        boolean async = args.length > 4 && args[4].equals("async");
        int connectionCount = args.length > 5 ? Integer.parseInt(args[5]) : clients;
        String prefix = "bench_" + ProcessHandle.current().pid();
        RedisSettings settings = new RedisSettings(uri, Secret.none(), prefix, Duration.ofSeconds(10));
        BudgetKeys keys = new BudgetKeys(new UsageKeys(prefix));
        try (RedisConnection setup = RedisConnection.open(settings)) {
            prepare(setup, keys, tenants);
            if (async) {
                runAsync(settings, keys, clients, connectionCount, tenants, duration);
                cleanUp(setup, prefix);
                return;
            }
            List<RedisConnection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    connections.add(RedisConnection.open(settings));
                }
                run(connections, keys, tenants, Duration.ofSeconds(Math.min(5, duration.toSeconds())), false);
                System.out.println(run(connections, keys, tenants, duration, true));
            } finally {
                connections.forEach(RedisConnection::close);
                cleanUp(setup, prefix);
            }
        }
    }

    private static void prepare(RedisConnection redis, BudgetKeys keys, int tenants) {
        RedisBudgetStore store = new RedisBudgetStore(redis.async(), keys, Duration.ofSeconds(10));
        RedisUsageCounters counters = new RedisUsageCounters(redis.async(), keys.usage(), Duration.ofSeconds(10));
        Instant now = Instant.now();
        long offset = 0;
        for (int t = 0; t < tenants; t++) {
            String tenant = "tenant-" + t;
            store.replace(new TenantBudgets(
                    tenant,
                    ZoneId.of("Europe/Berlin"),
                    List.of(
                            new BudgetLimit(
                                    Period.DAILY,
                                    Metric.TOTAL_TOKENS,
                                    WindowKind.CALENDAR,
                                    new BigDecimal("1000000000000"),
                                    List.of(new BigDecimal("80"), new BigDecimal("90")),
                                    LimitAction.PAUSE,
                                    null),
                            new BudgetLimit(
                                    Period.MONTHLY,
                                    Metric.COST_USD,
                                    WindowKind.CALENDAR,
                                    new BigDecimal("1000000"),
                                    List.of(new BigDecimal("80")),
                                    LimitAction.DOWNGRADE,
                                    "phi-3-mini")),
                    Map.of(
                            "support",
                            List.of(new BudgetLimit(
                                    Period.DAILY,
                                    Metric.TOTAL_TOKENS,
                                    WindowKind.ROLLING,
                                    new BigDecimal("1000000000000"),
                                    List.of(new BigDecimal("80")),
                                    LimitAction.REQUIRE_APPROVAL,
                                    null)))));
            for (int h = 0; h < 30; h++) {
                TenantUsageBatch batch = new TenantUsageBatch(tenant, keys.usage());
                batch.add(
                        new UsageDelta(
                                tenant,
                                "support",
                                now.minus(Duration.ofHours(h)),
                                400,
                                300,
                                700,
                                new BigDecimal("0.0123"),
                                0),
                        "bench:0",
                        ++offset);
                counters.apply(List.of(batch));
            }
        }
    }

    private static String run(
            List<RedisConnection> connections, BudgetKeys keys, int tenants, Duration duration, boolean report)
            throws InterruptedException {
        int clients = connections.size();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(clients);
        long[] elapsed = new long[1];
        for (int c = 0; c < clients; c++) {
            int client = c;
            RedisConnection redis = connections.get(c);
            Thread thread = new Thread(
                    () -> {
                        BudgetChecks checks = new BudgetChecks(
                                new RedisBudgetStore(redis.async(), keys, Duration.ofSeconds(10)),
                                new RedisBudgetCheck(redis.async(), keys, Duration.ofSeconds(10), "bench"),
                                Clock.systemUTC(),
                                Duration.ofSeconds(30));
                        Random random = new Random(client);
                        long[] mine = new long[1 << 16];
                        int n = 0;
                        try {
                            start.await();
                            long end = System.nanoTime() + duration.toNanos();
                            while (System.nanoTime() < end) {
                                BudgetRequest request = new BudgetRequest(
                                        "tenant-" + random.nextInt(tenants),
                                        "support",
                                        900L,
                                        null,
                                        null,
                                        new BigDecimal("0.0042"),
                                        null);
                                long t0 = System.nanoTime();
                                checks.check(request, true);
                                long took = System.nanoTime() - t0;
                                if (n == mine.length) {
                                    mine = Arrays.copyOf(mine, n * 2);
                                }
                                mine[n++] = took;
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            latencies[client] = mine;
                            counts[client] = n;
                            done.countDown();
                        }
                    },
                    "bench-client-" + c);
            thread.setDaemon(true);
            thread.start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        if (!done.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("benchmark clients did not finish");
        }
        elapsed[0] = System.nanoTime() - t0;
        if (!report) {
            return "";
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        double seconds = elapsed[0] / 1e9;
        return String.format(
                java.util.Locale.ROOT,
                "%d,%.1f,%d,%.0f,%.3f,%.3f",
                clients,
                seconds,
                total,
                total / seconds,
                all[(int) (total * 0.50)] / 1e6,
                all[Math.min(total - 1, (int) (total * 0.99))] / 1e6);
    }

    private static final BigDecimal COST = new BigDecimal("0.0042");

    private static void runAsync(
            RedisSettings settings, BudgetKeys keys, int clients, int connectionCount, int tenants, Duration duration)
            throws Exception {
        io.lettuce.core.resource.ClientResources resources = io.lettuce.core.resource.DefaultClientResources.create();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(resources, settings.redisUri());
        client.setOptions(io.lettuce.core.ClientOptions.builder()
                .timeoutOptions(io.lettuce.core.TimeoutOptions.enabled(settings.timeout()))
                .build());
        java.util.concurrent.ExecutorService blocking = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<io.lettuce.core.api.StatefulRedisConnection<String, String>> connections = new ArrayList<>();
        try {
            List<BudgetChecks> checks = new ArrayList<>();
            for (int i = 0; i < connectionCount; i++) {
                io.lettuce.core.api.StatefulRedisConnection<String, String> connection = client.connect();
                connections.add(connection);
                checks.add(new BudgetChecks(
                        new RedisBudgetStore(connection.async(), keys, settings.timeout()),
                        new RedisBudgetCheck(connection.async(), keys, settings.timeout(), "bench"),
                        Clock.systemUTC(),
                        Duration.ofSeconds(30)));
            }
            runAsync(checks, blocking, clients, tenants, Duration.ofSeconds(Math.min(5, duration.toSeconds())));
            System.out.println(runAsync(checks, blocking, clients, tenants, duration));
        } finally {
            connections.forEach(io.lettuce.core.api.StatefulRedisConnection::close);
            client.shutdown();
            resources.shutdown();
            blocking.shutdownNow();
        }
    }

    private static String runAsync(
            List<BudgetChecks> checks,
            java.util.concurrent.Executor blocking,
            int clients,
            int tenants,
            Duration duration)
            throws InterruptedException {
        String[] names = new String[tenants];
        for (int t = 0; t < tenants; t++) {
            names[t] = "tenant-" + t;
        }
        long[][] latencies = new long[clients][1 << 16];
        int[] counts = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        java.util.concurrent.atomic.AtomicReference<Throwable> failed =
                new java.util.concurrent.atomic.AtomicReference<>();
        long t0 = System.nanoTime();
        long end = t0 + duration.toNanos();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Random random = new Random(client);
            BudgetChecks mine = checks.get(c % checks.size());
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                long start = System.nanoTime();
                if (start >= end || failed.get() != null) {
                    done.countDown();
                    return;
                }
                BudgetRequest request =
                        new BudgetRequest(names[random.nextInt(tenants)], "support", 900L, null, null, COST, null);
                mine.checkAsync(request, true, blocking).whenComplete((result, error) -> {
                    if (error != null) {
                        failed.compareAndSet(null, error);
                        done.countDown();
                        return;
                    }
                    if (counts[client] == latencies[client].length) {
                        latencies[client] = Arrays.copyOf(latencies[client], counts[client] * 2);
                    }
                    latencies[client][counts[client]++] = System.nanoTime() - start;
                    next[0].run();
                });
            };
            next[0].run();
        }
        if (!done.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("benchmark clients did not finish");
        }
        if (failed.get() != null) {
            throw new IllegalStateException("a check failed", failed.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return String.format(
                java.util.Locale.ROOT,
                "%d,%.1f,%d,%.0f,%.3f,%.3f",
                clients,
                seconds,
                total,
                total / seconds,
                all[(int) (total * 0.50)] / 1e6,
                all[Math.min(total - 1, (int) (total * 0.99))] / 1e6);
    }

    private static void cleanUp(RedisConnection redis, String prefix) throws Exception {
        ScanArgs args = ScanArgs.Builder.matches("{" + prefix + "*").limit(1000);
        KeyScanCursor<String> cursor = redis.async().scan(args).get(30, TimeUnit.SECONDS);
        while (true) {
            for (String key : cursor.getKeys()) {
                redis.async().del(key).get(30, TimeUnit.SECONDS);
            }
            if (cursor.isFinished()) {
                return;
            }
            cursor = redis.async().scan(cursor, args).get(30, TimeUnit.SECONDS);
        }
    }
}
