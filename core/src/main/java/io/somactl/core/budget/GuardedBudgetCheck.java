package io.somactl.core.budget;

import io.somactl.core.ServerUnreachableException;
import io.somactl.core.SomactlException;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.redis.RedisSettings;
import io.somactl.core.usage.UsageKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code budget check} as a command runs it: connect, decide, disconnect. Each wait on Redis
 * (connecting, each command) is bounded by {@code timeout}, and the whole by {@code timeout} plus
 * one second for the Redis client to start (a cold process spends most of that loading Netty and
 * Lettuce; creating the client is done before the clock starts). When Redis cannot be reached,
 * refuses, or does not answer in time, the fail policy decides instead ({@code fail-closed}: pause;
 * {@code fail-open}: allow) and the result says so. The work runs on a daemon thread, so a Redis
 * that accepts connections but never answers (a stopped process) cannot hold the caller longer.
 */
public final class GuardedBudgetCheck {
    /** Allowance for the Redis client to start in a cold process (loading Netty and Lettuce). */
    static final Duration CLIENT_START = Duration.ofSeconds(1);

    private GuardedBudgetCheck() {}

    public static CheckResult check(
            RedisSettings settings,
            BudgetRequest request,
            boolean reserve,
            boolean failOpen,
            Duration timeout,
            Duration reservationTtl,
            Clock clock) {
        RedisSettings bounded = settings.withTimeout(timeout);
        RedisConnection.Prepared client = RedisConnection.prepare(bounded);
        Duration deadline = timeout.plus(CLIENT_START);
        CompletableFuture<CheckResult> work = new CompletableFuture<>();
        Thread worker = new Thread(
                () -> {
                    try (RedisConnection redis = client.connect()) {
                        BudgetKeys keys = new BudgetKeys(new UsageKeys(settings.keyPrefix()));
                        BudgetChecks checks = new BudgetChecks(
                                new RedisBudgetStore(redis.async(), keys, timeout),
                                new RedisBudgetCheck(redis.async(), keys, timeout, bounded.address()),
                                clock,
                                reservationTtl);
                        work.complete(checks.check(request, reserve));
                    } catch (Throwable e) {
                        work.completeExceptionally(e);
                    }
                },
                "somactl-budget-check");
        worker.setDaemon(true);
        worker.start();
        try {
            return work.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            client.abandon();
            return CheckResult.unchecked(
                    request, failOpen, "no answer within " + timeout.toMillis() + " ms (+1 s to start the client)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ServerUnreachableException unreachable) {
                return CheckResult.unchecked(request, failOpen, unreachable.getMessage());
            }
            if (e.getCause() instanceof SomactlException redisRefused) {
                return CheckResult.unchecked(request, failOpen, redisRefused.getMessage());
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.unchecked(request, failOpen, "interrupted");
        }
    }
}
