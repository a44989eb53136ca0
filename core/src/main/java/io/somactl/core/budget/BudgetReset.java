package io.somactl.core.budget;

import io.somactl.core.usage.UsageTotals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Closes calendar windows that have ended, for cron: archives each closed window's totals to
 * ClickHouse, records the reset in the audit log, then marks the window closed in Redis.
 *
 * <p>Safe to run as often as cron likes: one Redis lock per period lets one run work while an
 * overlapping one does nothing; a window already marked is skipped; and a window already in the
 * archive (a run that died between archiving and marking) is not archived again. Counters are not
 * zeroed: a calendar window reads its own buckets, so the next window starts from nothing at its
 * boundary whether or not cron ran, and rolling windows and {@code budget rebuild} still need the
 * closed hours. A run catches up on windows missed since the last mark (at most 31 days or 12 months).
 */
public final class BudgetReset {
    private static final int MAX_DAYS = 31;
    private static final int MAX_MONTHS = 12;

    private final RedisBudgetStore store;
    private final UsageReader usage;
    private final BudgetAudit audit;
    private final Clock clock;
    private final Duration lockTtl;

    public BudgetReset(RedisBudgetStore store, UsageReader usage, BudgetAudit audit, Clock clock, Duration lockTtl) {
        this.store = store;
        this.usage = usage;
        this.audit = audit;
        this.clock = clock;
        this.lockTtl = lockTtl;
    }

    /** One tenant's outcome: the windows closed now, or why none was. */
    public record TenantReset(String tenant, String outcome, List<String> windowsClosed, String lastClosed) {}

    /** @param lockHeld false when another reset of the period held the lock and this run did nothing */
    public record Report(Period period, boolean lockHeld, List<TenantReset> tenants) {}

    public Report reset(Period period, String onlyTenant, String actor, String reason) {
        Optional<String> token = store.tryLock(period, lockTtl);
        if (token.isEmpty()) {
            return new Report(period, false, List.of());
        }
        try {
            List<String> tenants = onlyTenant == null ? store.tenants() : List.of(Names.tenant(onlyTenant));
            List<TenantReset> results = new ArrayList<>();
            for (String tenant : tenants) {
                results.add(resetTenant(period, store.read(tenant), actor, reason));
            }
            return new Report(period, true, results);
        } finally {
            store.unlock(period, token.get());
        }
    }

    private TenantReset resetTenant(Period period, TenantBudgets budgets, String actor, String reason) {
        String tenant = budgets.tenant();
        List<String> personas = budgets.personaLimits().keySet().stream()
                .filter(p -> hasCalendar(budgets.limits(p), period))
                .toList();
        if (!hasCalendar(budgets.tenantLimits(), period) && personas.isEmpty()) {
            return new TenantReset(tenant, "no calendar " + period.cliName() + " budget", List.of(), "");
        }
        Instant now = clock.instant();
        BudgetWindow target = BudgetWindow.previous(period, budgets.timeZone(), now);
        Optional<String> last = store.lastReset(tenant, period);
        if (last.isPresent() && last.get().compareTo(target.label()) >= 0) {
            return new TenantReset(tenant, "already reset", List.of(), last.get());
        }
        List<BudgetWindow> toClose = new ArrayList<>();
        if (last.isPresent()) {
            String id = BudgetWindow.calendar(period, budgets.timeZone(), last.get(), false)
                    .nextId();
            while (id.compareTo(target.label()) <= 0) {
                toClose.add(BudgetWindow.calendar(period, budgets.timeZone(), id, false));
                id = toClose.get(toClose.size() - 1).nextId();
            }
            int max = period == Period.DAILY ? MAX_DAYS : MAX_MONTHS;
            if (toClose.size() > max) {
                toClose = toClose.subList(toClose.size() - max, toClose.size());
            }
        } else {
            toClose.add(target);
        }
        List<String> closed = new ArrayList<>();
        for (BudgetWindow window : toClose) {
            close(budgets, personas, window, actor, reason);
            store.markReset(tenant, period, window.label());
            closed.add(window.label());
        }
        return new TenantReset(tenant, "reset", closed, closed.get(closed.size() - 1));
    }

    private void close(TenantBudgets budgets, List<String> personas, BudgetWindow window, String actor, String reason) {
        String tenant = budgets.tenant();
        Instant now = clock.instant();
        String zone = budgets.timeZone().getId();
        if (!audit.archived(tenant, window.period(), window.label())) {
            List<ArchivedWindow> rows = new ArrayList<>();
            UsageTotals tenantTotals = usage.totals(tenant, null, window);
            rows.add(new ArchivedWindow(
                    tenant,
                    null,
                    window.period(),
                    window.label(),
                    zone,
                    window.start(),
                    window.end(),
                    tenantTotals,
                    limits(budgets.tenantLimits(), window.period()),
                    now,
                    actor));
            for (String persona : personas) {
                rows.add(new ArchivedWindow(
                        tenant,
                        persona,
                        window.period(),
                        window.label(),
                        zone,
                        window.start(),
                        window.end(),
                        usage.totals(tenant, persona, window),
                        limits(budgets.limits(persona), window.period()),
                        now,
                        actor));
            }
            audit.archive(rows);
            audit.record(List.of(new AuditEntry(
                    now,
                    actor,
                    AuditEntry.RESET,
                    tenant,
                    "",
                    window.period().cliName(),
                    "",
                    "closed " + window.period().cliName() + " window " + window.label() + " (" + zone + ", "
                            + window.start() + " to " + window.end() + "): cost "
                            + tenantTotals.costUsd().toPlainString()
                            + " USD, " + tenantTotals.totalTokens() + " tokens, " + tenantTotals.requests()
                            + " requests",
                    reason)));
        }
    }

    private static boolean hasCalendar(List<BudgetLimit> limits, Period period) {
        return limits.stream().anyMatch(l -> l.period() == period && l.window() == WindowKind.CALENDAR);
    }

    private static String limits(List<BudgetLimit> limits, Period period) {
        return limits.stream()
                .filter(l -> l.period() == period)
                .map(l -> l.id() + " " + BudgetCodec.describe(l))
                .collect(Collectors.joining("\n"));
    }
}
