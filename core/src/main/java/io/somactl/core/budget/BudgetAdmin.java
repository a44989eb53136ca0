package io.somactl.core.budget;

import io.somactl.core.SomactlException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Changes budgets and records each change in the audit log: limits one at a time ({@code budget set}),
 * every tenant from a file ({@code budget apply}), and overrides. Redis is written first; if the
 * audit record cannot be written afterwards the error says that the change did happen.
 */
public final class BudgetAdmin {
    private final RedisBudgetStore store;
    private final BudgetAudit audit;
    private final Clock clock;

    public BudgetAdmin(RedisBudgetStore store, BudgetAudit audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** Sets one limit (replacing the scope's limit of the same period and metric) and, if given, the tenant's time zone. */
    public List<BudgetChange> set(
            String tenant, String persona, BudgetLimit limit, ZoneId zone, String actor, String reason) {
        TenantBudgets before = store.read(tenant);
        TenantBudgets after = limit == null ? before : before.with(persona, limit);
        if (zone != null) {
            after = after.withTimeZone(zone);
        }
        return write(before, after, actor, reason);
    }

    /** Removes one limit of a scope. */
    public List<BudgetChange> remove(
            String tenant, String persona, Period period, Metric metric, String actor, String reason) {
        TenantBudgets before = store.read(tenant);
        String id = BudgetLimit.id(period, metric);
        if (before.limits(persona).stream().noneMatch(l -> l.id().equals(id))) {
            throw new SomactlException((persona == null ? tenant : tenant + "/" + persona) + " has no " + id
                    + " limit to remove (budget show " + tenant + " lists them)");
        }
        return write(before, before.without(persona, id), actor, reason);
    }

    /**
     * Makes Redis hold exactly {@code desired}: tenants in the file get exactly its limits, tenants with
     * budgets that the file does not name lose theirs. With {@code dryRun} only the changes are returned.
     */
    public List<BudgetChange> apply(Map<String, TenantBudgets> desired, boolean dryRun, String actor, String reason) {
        TreeSet<String> tenants = new TreeSet<>(store.tenants());
        tenants.addAll(desired.keySet());
        List<BudgetChange> all = new ArrayList<>();
        List<TenantBudgets[]> writes = new ArrayList<>();
        for (String tenant : tenants) {
            TenantBudgets before = store.read(tenant);
            TenantBudgets after = desired.getOrDefault(tenant, TenantBudgets.empty(tenant));
            List<BudgetChange> changes = BudgetDiff.between(before, after);
            if (!changes.isEmpty()) {
                all.addAll(changes);
                writes.add(new TenantBudgets[] {before, after});
            }
        }
        if (!dryRun) {
            for (TenantBudgets[] write : writes) {
                store.replace(write[1]);
            }
            record(all, actor, reason);
        }
        return all;
    }

    public BudgetOverride override(String tenant, String persona, Instant until, String actor, String reason) {
        Instant now = clock.instant();
        if (!until.isAfter(now)) {
            throw new IllegalArgumentException("--until " + until + " is not in the future");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an override needs a --reason (it goes into the audit log)");
        }
        BudgetOverride override = new BudgetOverride(
                Names.tenant(tenant), persona == null ? null : Names.persona(persona), until, actor, reason, now);
        store.putOverride(override);
        recordAudit(
                List.of(new AuditEntry(
                        now,
                        actor,
                        AuditEntry.OVERRIDE,
                        tenant,
                        persona,
                        "",
                        "",
                        "budgets lifted until " + until,
                        reason)),
                "the override is in force");
        return override;
    }

    public boolean clearOverride(String tenant, String persona, String actor, String reason) {
        boolean existed = store.clearOverride(Names.tenant(tenant), persona);
        if (existed) {
            recordAudit(
                    List.of(new AuditEntry(
                            clock.instant(),
                            actor,
                            AuditEntry.OVERRIDE_CLEARED,
                            tenant,
                            persona,
                            "",
                            "",
                            "override removed",
                            reason == null ? "" : reason)),
                    "the override is removed");
        }
        return existed;
    }

    private List<BudgetChange> write(TenantBudgets before, TenantBudgets after, String actor, String reason) {
        List<BudgetChange> changes = BudgetDiff.between(before, after);
        if (!changes.isEmpty()) {
            store.replace(after);
            record(changes, actor, reason);
        }
        return changes;
    }

    private void record(List<BudgetChange> changes, String actor, String reason) {
        Instant now = clock.instant();
        List<AuditEntry> entries = changes.stream()
                .map(c -> new AuditEntry(
                        now,
                        actor,
                        c.auditAction(),
                        c.tenant(),
                        c.persona(),
                        c.id(),
                        c.before(),
                        c.after(),
                        reason == null ? "" : reason))
                .toList();
        recordAudit(entries, "Redis holds the new budgets");
    }

    private void recordAudit(List<AuditEntry> entries, String whatHappened) {
        try {
            audit.record(entries);
        } catch (RuntimeException e) {
            throw new SomactlException(
                    whatHappened + ", but the audit record could not be written to ClickHouse (" + e.getMessage()
                            + "); record it by hand or re-run once ClickHouse answers",
                    e);
        }
    }
}
