package io.somactl.core.budget;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.somactl.core.usage.UsageWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every tenant ranked by spend this month and by the largest share of a budget used: the
 * {@code /budget/summary} view. Tenants come from the list of tenants with budgets and from a SCAN
 * for this UTC month's tenant counters (so tenants that spend without a budget show up too; on a
 * cluster Lettuce scans every node). Spend is the calendar month to date in the tenant's time zone.
 */
public final class BudgetSummary {
    /** One tenant's line; {@code topBudget} and {@code sharePercent} are null without budgets. */
    public record Line(
            String tenant,
            BigDecimal spendUsd,
            int spendRank,
            BudgetUsage topBudget,
            BigDecimal sharePercent,
            int shareRank,
            String state,
            boolean flagged) {}

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisBudgetStore store;
    private final BudgetChecks checks;
    private final UsageReader usage;
    private final RedisCalls calls;

    public BudgetSummary(
            RedisClusterAsyncCommands<String, String> redis,
            RedisBudgetStore store,
            BudgetChecks checks,
            UsageReader usage,
            Duration timeout) {
        this.redis = redis;
        this.store = store;
        this.checks = checks;
        this.usage = usage;
        this.calls = new RedisCalls(timeout, "(budget summary)");
    }

    /** Lines ranked by share used ({@code bySpend}: by spend), flagging those at or past {@code thresholdPercent}. */
    public List<Line> summarize(BigDecimal thresholdPercent, boolean bySpend) {
        Instant now = checks.now();
        Set<String> tenants = new TreeSet<>(store.tenants());
        tenants.addAll(tenantsWithCounters(new Bucket(
                UsageWindow.MONTH,
                BudgetWindow.current(Period.MONTHLY, WindowKind.CALENDAR, java.time.ZoneOffset.UTC, now)
                        .start())));
        List<Line> lines = new ArrayList<>();
        for (String tenant : tenants) {
            TenantBudgets budgets = store.read(tenant);
            BigDecimal spend = usage.totals(
                            tenant,
                            null,
                            BudgetWindow.current(Period.MONTHLY, WindowKind.CALENDAR, budgets.timeZone(), now))
                    .costUsd();
            List<BudgetUsage> measured = checks.show(budgets);
            BudgetUsage top = measured.stream()
                    .max(Comparator.comparing(BudgetUsage::percent))
                    .orElse(null);
            BigDecimal share = top == null ? null : top.percent();
            String state = top == null ? "no-budget" : top.state();
            boolean flagged = share != null && share.compareTo(thresholdPercent) >= 0;
            lines.add(new Line(tenant, spend, 0, top, share, 0, state, flagged));
        }
        List<Line> bySpendOrder = new ArrayList<>(lines);
        bySpendOrder.sort(Comparator.comparing(Line::spendUsd).reversed().thenComparing(Line::tenant));
        List<Line> byShareOrder = new ArrayList<>(lines);
        byShareOrder.sort(
                Comparator.comparing((Line l) -> l.sharePercent() == null ? BigDecimal.valueOf(-1) : l.sharePercent())
                        .reversed()
                        .thenComparing(Line::spendUsd, Comparator.reverseOrder())
                        .thenComparing(Line::tenant));
        List<Line> ranked = new ArrayList<>();
        for (Line line : bySpend ? bySpendOrder : byShareOrder) {
            ranked.add(new Line(
                    line.tenant(),
                    line.spendUsd(),
                    bySpendOrder.indexOf(line) + 1,
                    line.topBudget(),
                    line.sharePercent(),
                    byShareOrder.indexOf(line) + 1,
                    line.state(),
                    line.flagged()));
        }
        return ranked;
    }

    private Set<String> tenantsWithCounters(Bucket month) {
        Set<String> found = new TreeSet<>();
        ScanArgs args = ScanArgs.Builder.matches(store.keys().tenantCounterPattern(month))
                .limit(1000);
        KeyScanCursor<String> cursor = calls.await(redis.scan(args));
        while (true) {
            for (String key : cursor.getKeys()) {
                String tenant = store.keys().tenantOfKey(key);
                if (tenant != null) {
                    found.add(tenant);
                }
            }
            if (cursor.isFinished()) {
                return found;
            }
            cursor = calls.await(redis.scan(cursor, args)); // the cursor itself: on a cluster it remembers the node
        }
    }
}
