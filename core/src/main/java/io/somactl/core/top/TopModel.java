package io.somactl.core.top;

import io.somactl.core.budget.BudgetUsage;
import io.somactl.core.spend.SpendCell;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pure part of {@code top}: spend cells joined into panels, budgets picked, rates, sorting and filtering. */
public final class TopModel {
    /** Budgets this many percentage points below their lowest warning step (or the limit) count as nearing it. */
    public static final BigDecimal NEAR_POINTS = BigDecimal.TEN;

    private TopModel() {}

    /** Tenant x model cells of the last hour and of today joined, most spent today first. */
    public static List<TenantModelSpend> join(List<SpendCell> lastHour, List<SpendCell> today) {
        Map<List<String>, TenantModelSpend> joined = new LinkedHashMap<>();
        for (SpendCell cell : today) {
            joined.put(
                    List.of(cell.outer(), cell.inner()),
                    new TenantModelSpend(cell.outer(), cell.inner(), BigDecimal.ZERO, cell.costUsd(), cell.requests()));
        }
        for (SpendCell cell : lastHour) {
            joined.merge(
                    List.of(cell.outer(), cell.inner()),
                    new TenantModelSpend(cell.outer(), cell.inner(), cell.costUsd(), BigDecimal.ZERO, 0),
                    (day, hour) -> new TenantModelSpend(
                            day.tenant(), day.model(), hour.lastHourUsd(), day.todayUsd(), day.requestsToday()));
        }
        List<TenantModelSpend> rows = new ArrayList<>(joined.values());
        rows.sort(Comparator.comparing(TenantModelSpend::todayUsd)
                .reversed()
                .thenComparing(TenantModelSpend::tenant)
                .thenComparing(TenantModelSpend::model));
        return rows;
    }

    /** Tenants' totals over their models (exact sums), most spent today first. */
    public static List<TenantSpend> tenants(List<TenantModelSpend> rows) {
        Map<String, TenantSpend> sums = new LinkedHashMap<>();
        for (TenantModelSpend row : rows) {
            sums.merge(
                    row.tenant(),
                    new TenantSpend(row.tenant(), row.lastHourUsd(), row.todayUsd(), row.requestsToday()),
                    (a, b) -> new TenantSpend(
                            a.tenant(),
                            a.lastHourUsd().add(b.lastHourUsd()),
                            a.todayUsd().add(b.todayUsd()),
                            a.requestsToday() + b.requestsToday()));
        }
        List<TenantSpend> tenants = new ArrayList<>(sums.values());
        tenants.sort(Sort.TODAY.tenants);
        return tenants;
    }

    /** Tenant x persona cells of today as the top {@code limit} personas by spend. */
    public static List<PersonaSpend> topPersonas(List<SpendCell> today, int limit) {
        return today.stream()
                .map(c -> new PersonaSpend(c.outer(), c.inner(), c.costUsd(), c.requests()))
                .sorted(Comparator.comparing(PersonaSpend::todayUsd)
                        .reversed()
                        .thenComparing(PersonaSpend::tenant)
                        .thenComparing(PersonaSpend::persona))
                .limit(limit)
                .toList();
    }

    /** The budgets past a warning step or the limit, or within {@link #NEAR_POINTS} of the lowest step, fullest first. */
    public static List<BudgetAlert> alerts(List<BudgetUsage> measured, Instant now) {
        List<BudgetAlert> alerts = new ArrayList<>();
        for (BudgetUsage usage : measured) {
            BigDecimal lowest =
                    usage.limit().warn().stream().min(Comparator.naturalOrder()).orElse(BigDecimal.valueOf(100));
            boolean near = usage.percent().compareTo(lowest.subtract(NEAR_POINTS)) >= 0;
            if (near || usage.stepReached() != null || usage.over()) {
                Duration left = usage.window().untilEnd(now);
                alerts.add(new BudgetAlert(
                        usage.tenant(),
                        usage.scope(),
                        usage.limit().id(),
                        usage.percent(),
                        near && usage.stepReached() == null && !usage.over()
                                ? "near-" + lowest.toPlainString() + "%"
                                : usage.state(),
                        left.isNegative() ? Duration.ZERO : left));
            }
        }
        alerts.sort(Comparator.comparing(BudgetAlert::percent)
                .reversed()
                .thenComparing(BudgetAlert::scope)
                .thenComparing(BudgetAlert::budget));
        return alerts;
    }

    /** Dead letters added per minute between two readings of the topics (null without an earlier one). */
    public static Double deadLettersPerMinute(
            List<TopicHealth> before, Instant beforeAt, List<TopicHealth> now, Instant nowAt) {
        if (before == null || now == null || beforeAt == null || nowAt == null || !nowAt.isAfter(beforeAt)) {
            return null;
        }
        long added = Math.max(0, deadLetters(now) - deadLetters(before));
        return added * 60_000.0 / Duration.between(beforeAt, nowAt).toMillis();
    }

    public static long deadLetters(List<TopicHealth> topics) {
        return topics.stream().mapToLong(TopicHealth::deadLetters).sum();
    }

    public static long lag(List<TopicHealth> topics) {
        return topics.stream().mapToLong(TopicHealth::lag).sum();
    }

    /** How the tenant panel is ordered; {@code s} in the live view steps through them. */
    public enum Sort {
        TODAY(Comparator.comparing(TenantSpend::todayUsd).reversed().thenComparing(TenantSpend::tenant)),
        LAST_HOUR(Comparator.comparing(TenantSpend::lastHourUsd).reversed().thenComparing(TenantSpend::tenant)),
        REQUESTS(Comparator.comparingLong(TenantSpend::requestsToday).reversed().thenComparing(TenantSpend::tenant)),
        TENANT(Comparator.comparing(TenantSpend::tenant));

        private final Comparator<TenantSpend> tenants;

        Sort(Comparator<TenantSpend> tenants) {
            this.tenants = tenants;
        }

        public Sort next() {
            return values()[(ordinal() + 1) % values().length];
        }

        public Comparator<TenantSpend> comparator() {
            return tenants;
        }
    }

    /** A view of a snapshot: the sort and the tenant filter (a substring; empty for all). */
    public record View(Sort sort, String tenantFilter) {
        public View {
            tenantFilter = tenantFilter == null ? "" : tenantFilter;
        }

        public static View initial() {
            return new View(Sort.TODAY, "");
        }

        public View nextSort() {
            return new View(sort.next(), tenantFilter);
        }

        public View filter(String text) {
            return new View(sort, text);
        }

        public boolean shows(String tenant) {
            return tenantFilter.isEmpty() || tenant.contains(tenantFilter);
        }

        public List<TenantSpend> tenants(TopSnapshot snapshot) {
            return snapshot.tenants().stream()
                    .filter(t -> shows(t.tenant()))
                    .sorted(sort.comparator())
                    .toList();
        }

        public List<TenantModelSpend> models(TopSnapshot snapshot) {
            List<TenantModelSpend> rows = snapshot.spend().value();
            return rows == null
                    ? List.of()
                    : rows.stream().filter(r -> shows(r.tenant())).toList();
        }

        public List<PersonaSpend> personas(TopSnapshot snapshot) {
            List<PersonaSpend> rows = snapshot.personas().value();
            return rows == null
                    ? List.of()
                    : rows.stream().filter(r -> shows(r.tenant())).toList();
        }

        public List<BudgetAlert> budgets(TopSnapshot snapshot) {
            List<BudgetAlert> rows = snapshot.budgets().value();
            return rows == null
                    ? List.of()
                    : rows.stream().filter(r -> shows(r.tenant())).toList();
        }

        public List<AnomalyRow> anomalies(TopSnapshot snapshot) {
            List<AnomalyRow> rows = snapshot.anomalies().value();
            return rows == null
                    ? List.of()
                    : rows.stream()
                            .filter(r -> !r.subjectKind().equals("tenant") || shows(r.subject()))
                            .toList();
        }
    }
}
