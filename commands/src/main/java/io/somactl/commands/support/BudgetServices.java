package io.somactl.commands.support;

import io.somactl.core.budget.BudgetAdmin;
import io.somactl.core.budget.BudgetAudit;
import io.somactl.core.budget.BudgetChecks;
import io.somactl.core.budget.BudgetKeys;
import io.somactl.core.budget.BudgetReset;
import io.somactl.core.budget.RedisBudgetStore;
import io.somactl.core.budget.UsageReader;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.services.Services;
import java.time.Clock;
import java.time.Duration;

/**
 * The budget commands' view of the run's {@link Services} (which owns the connections: closing this
 * closes nothing; the command tree closes the services when the command returns).
 */
public final class BudgetServices implements AutoCloseable {
    private final Services services;

    public BudgetServices(Services services) {
        this.services = services;
    }

    public RedisBudgetStore store() {
        return services.budgetStore();
    }

    public BudgetChecks checks() {
        return services.budgetChecks();
    }

    public BudgetAudit audit() {
        return services.budgetAudit();
    }

    public BudgetAdmin admin() {
        return services.budgetAdmin();
    }

    public UsageReader usage() {
        return services.usageReader();
    }

    public BudgetReset reset(Duration lockTtl) {
        return services.budgetReset(lockTtl);
    }

    public BudgetKeys keys() {
        return services.budgetKeys();
    }

    public RedisConnection redis() {
        return services.redis();
    }

    public Clock clock() {
        return services.clock();
    }

    @Override
    public void close() {
        // the services are closed by their owner
    }
}
