package io.somactl.core.alerts;

import io.somactl.core.budget.BudgetChecks;
import io.somactl.core.budget.BudgetUsage;
import io.somactl.core.budget.RedisBudgetStore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code TenantBudgetThreshold}: every budget of every tenant (Redis), measured as {@code budget show}
 * measures it (usage plus live reservations, as a share of the limit): warning at or past
 * {@code warning-percent} (80), critical at or past {@code critical-percent} (100). One finding per
 * tenant, persona ({@code -} for the tenant's own budgets) and budget ({@code daily:total-tokens}).
 */
public final class BudgetRule implements ProbeRule {
    /** The Redis side of the budgets: the store that lists tenants and their limits, and the checks that measure them. */
    public record Budgets(RedisBudgetStore store, BudgetChecks checks) {}

    private final String name;
    private final BigDecimal warningPercent;
    private final BigDecimal criticalPercent;
    private final Supplier<Budgets> budgets;

    public BudgetRule(String name, BigDecimal warningPercent, BigDecimal criticalPercent, Supplier<Budgets> budgets) {
        if (warningPercent.compareTo(criticalPercent) > 0) {
            throw new IllegalArgumentException(name + ": warning-percent " + warningPercent.toPlainString()
                    + " is above critical-percent " + criticalPercent.toPlainString());
        }
        this.name = name;
        this.warningPercent = warningPercent;
        this.criticalPercent = criticalPercent;
        this.budgets = budgets;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "a tenant's or persona's budget at " + warningPercent.toPlainString() + "% (warning) or "
                + criticalPercent.toPlainString() + "% (critical) of its limit";
    }

    @Override
    public RuleResult evaluate() {
        List<Finding> findings = new ArrayList<>();
        int measured = 0;
        try {
            Budgets source = budgets.get();
            for (String tenant : new TreeSet<>(source.store().tenants())) {
                for (BudgetUsage usage : source.checks().show(source.store().read(tenant))) {
                    measured++;
                    BigDecimal percent = usage.percent();
                    AlertState state = percent.compareTo(criticalPercent) >= 0
                            ? AlertState.CRITICAL
                            : percent.compareTo(warningPercent) >= 0 ? AlertState.WARNING : AlertState.OK;
                    String persona = usage.persona() == null ? "-" : usage.persona();
                    String evidence = usage.scope() + " " + usage.limit().id() + " at " + percent.toPlainString()
                            + "% of " + usage.limit().limit().toPlainString() + " (used "
                            + usage.usedAmount().toPlainString()
                            + " + reserved " + usage.reservedAmount().toPlainString() + ")";
                    findings.add(new Finding(
                            state,
                            Map.of(
                                    "tenant",
                                    tenant,
                                    "persona",
                                    persona,
                                    "budget",
                                    usage.limit().id()),
                            evidence,
                            false,
                            percent));
                }
            }
        } catch (RuntimeException e) {
            return RuleResult.unknown(name, e.getMessage());
        }
        return RuleResult.of(name, measured + " budget(s) below " + warningPercent.toPlainString() + "%", findings);
    }
}
