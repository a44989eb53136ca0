package io.somactl.commands.support;

import io.somactl.core.budget.BudgetAdmin;
import io.somactl.core.budget.BudgetAudit;
import io.somactl.core.budget.BudgetChecks;
import io.somactl.core.budget.BudgetKeys;
import io.somactl.core.budget.BudgetReset;
import io.somactl.core.budget.RedisBudgetCheck;
import io.somactl.core.budget.RedisBudgetStore;
import io.somactl.core.budget.UsageReader;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.config.Settings;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.usage.UsageKeys;
import java.time.Clock;
import java.time.Duration;

/** The budget services of one command run, over one Redis connection (and ClickHouse for the audit log). */
public final class BudgetServices implements AutoCloseable {
    private final Settings settings;
    private final RedisConnection redis;
    private final BudgetKeys keys;
    private final Clock clock = Clock.systemUTC();

    public BudgetServices(Settings settings) {
        this.settings = settings;
        this.redis = RedisConnection.open(settings.redis());
        this.keys = new BudgetKeys(new UsageKeys(settings.redis().keyPrefix()));
    }

    public RedisBudgetStore store() {
        return new RedisBudgetStore(redis.async(), keys, settings.timeout());
    }

    public BudgetChecks checks() {
        return new BudgetChecks(store(), new RedisBudgetCheck(redis.async(), keys, settings.timeout(),
                settings.redis().address()), clock, settings.budgetReservationTtl());
    }

    public BudgetAudit audit() {
        return new BudgetAudit(new HttpClickHouse(settings.clickHouse()));
    }

    public BudgetAdmin admin() {
        return new BudgetAdmin(store(), audit(), clock);
    }

    public UsageReader usage() {
        return new UsageReader(redis.async(), keys, settings.timeout());
    }

    public BudgetReset reset(Duration lockTtl) {
        return new BudgetReset(store(), usage(), audit(), clock, lockTtl);
    }

    public BudgetKeys keys() {
        return keys;
    }

    public RedisConnection redis() {
        return redis;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        redis.close();
    }
}
