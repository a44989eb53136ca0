package io.somactl.core.budget;

import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.redis.RedisSettings;
import io.somactl.core.schema.DdlRenderer;
import io.somactl.core.schema.MigrationCatalog;
import io.somactl.core.schema.MigrationRunner;
import io.somactl.core.testing.LocalStack;
import io.somactl.core.testing.SettableClock;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.TenantUsageBatch;
import io.somactl.core.usage.UsageDelta;
import io.somactl.core.usage.UsageKeys;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A private budget world on real servers: its own Redis key prefix (on the shared stack's Redis, or
 * on one the test started), its own ClickHouse database with the migrations applied, and a clock
 * the test sets. Usage is added the way ingest adds it.
 */
final class BudgetWorld implements AutoCloseable {
    final LocalStack stack = LocalStack.ensureUp();
    final String prefix = LocalStack.freshDatabase("budget");
    final SettableClock clock;
    final RedisSettings redisSettings;
    final RedisConnection redis;
    final BudgetKeys keys = new BudgetKeys(new UsageKeys(prefix));
    final HttpClickHouse clickHouse;
    final RedisUsageCounters counters;
    private final AtomicLong offsets = new AtomicLong();

    BudgetWorld(Instant now) {
        this(now, null);
    }

    /** {@code redis}: a server the test started, or null for the shared stack's. */
    BudgetWorld(Instant now, RedisSettings redis) {
        this.clock = new SettableClock(now);
        this.redisSettings = redis != null ? redis : stack.redis(prefix);
        this.redis = RedisConnection.open(redisSettings);
        new MigrationRunner(
                        new HttpClickHouse(stack.clickHouse("default")),
                        new DdlRenderer(prefix, ""),
                        MigrationCatalog.bundled())
                .apply("test", m -> {});
        this.clickHouse = new HttpClickHouse(stack.clickHouse(prefix));
        this.counters = new RedisUsageCounters(this.redis.async(), keys.usage(), Duration.ofSeconds(10));
    }

    RedisBudgetStore store() {
        return new RedisBudgetStore(redis.async(), keys, Duration.ofSeconds(10));
    }

    BudgetChecks checks(Duration reservationTtl) {
        return new BudgetChecks(
                store(),
                new RedisBudgetCheck(redis.async(), keys, Duration.ofSeconds(10), "test"),
                clock,
                reservationTtl);
    }

    BudgetChecks checks() {
        return checks(Duration.ofMinutes(10));
    }

    BudgetAudit audit() {
        return new BudgetAudit(clickHouse);
    }

    BudgetAdmin admin() {
        return new BudgetAdmin(store(), audit(), clock);
    }

    BudgetReset reset() {
        return new BudgetReset(
                store(),
                new UsageReader(redis.async(), keys, Duration.ofSeconds(10)),
                audit(),
                clock,
                Duration.ofMinutes(5));
    }

    /** Adds usage at {@code at} to the tenant's and the persona's counters, as ingest does. */
    void use(String tenant, String persona, Instant at, long tokens, String costUsd) {
        TenantUsageBatch batch = new TenantUsageBatch(tenant, keys.usage());
        batch.add(
                new UsageDelta(
                        tenant, persona, at, tokens / 2, tokens - tokens / 2, tokens, new BigDecimal(costUsd), 0),
                "test:0",
                offsets.incrementAndGet());
        counters.apply(List.of(batch));
    }

    static BudgetLimit limit(Period period, Metric metric, String amount, LimitAction action, String... warn) {
        return new BudgetLimit(
                period,
                metric,
                WindowKind.CALENDAR,
                new BigDecimal(amount),
                java.util.Arrays.stream(warn).map(BigDecimal::new).toList(),
                action,
                action == LimitAction.DOWNGRADE ? "phi-3-mini" : null);
    }

    /** Another connection to the same world, as a second process would have. */
    Connection secondConnection() {
        return new Connection(RedisConnection.open(redisSettings));
    }

    final class Connection implements AutoCloseable {
        private final RedisConnection own;

        private Connection(RedisConnection own) {
            this.own = own;
        }

        BudgetReset reset() {
            RedisBudgetStore store = new RedisBudgetStore(own.async(), keys, Duration.ofSeconds(10));
            return new BudgetReset(
                    store,
                    new UsageReader(own.async(), keys, Duration.ofSeconds(10)),
                    audit(),
                    clock,
                    Duration.ofMinutes(5));
        }

        @Override
        public void close() {
            own.close();
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
