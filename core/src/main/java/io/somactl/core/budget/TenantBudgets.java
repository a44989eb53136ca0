package io.somactl.core.budget;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every budget of one tenant: its time zone (for calendar windows' boundaries; UTC by default), its
 * own limits and its personas' limits.
 */
public record TenantBudgets(
        String tenant, ZoneId timeZone, List<BudgetLimit> tenantLimits, Map<String, List<BudgetLimit>> personaLimits) {
    public static final Comparator<BudgetLimit> ORDER =
            Comparator.comparing(BudgetLimit::period).thenComparing(BudgetLimit::metric);

    public TenantBudgets {
        Names.tenant(tenant);
        timeZone = timeZone == null ? ZoneOffset.UTC : timeZone;
        tenantLimits = sortedUnique(tenant, tenantLimits);
        Map<String, List<BudgetLimit>> personas = new TreeMap<>();
        if (personaLimits != null) {
            personaLimits.forEach((persona, limits) -> {
                List<BudgetLimit> sorted = sortedUnique(tenant + "/" + Names.persona(persona), limits);
                if (!sorted.isEmpty()) {
                    personas.put(persona, sorted);
                }
            });
        }
        personaLimits = java.util.Collections.unmodifiableMap(personas);
    }

    public static TenantBudgets empty(String tenant) {
        return new TenantBudgets(tenant, ZoneOffset.UTC, List.of(), Map.of());
    }

    public boolean isEmpty() {
        return tenantLimits.isEmpty() && personaLimits.isEmpty();
    }

    /** The limits of a scope: the tenant's for {@code persona == null}, else that persona's. */
    public List<BudgetLimit> limits(String persona) {
        return persona == null ? tenantLimits : personaLimits.getOrDefault(persona, List.of());
    }

    /** A copy with one limit set (replacing the one with the same period and metric). */
    public TenantBudgets with(String persona, BudgetLimit limit) {
        List<BudgetLimit> changed = new ArrayList<>(limits(persona));
        changed.removeIf(l -> l.id().equals(limit.id()));
        changed.add(limit);
        return withLimits(persona, changed);
    }

    /** A copy without the limit {@code id} of a scope. */
    public TenantBudgets without(String persona, String id) {
        List<BudgetLimit> changed = new ArrayList<>(limits(persona));
        changed.removeIf(l -> l.id().equals(id));
        return withLimits(persona, changed);
    }

    public TenantBudgets withTimeZone(ZoneId zone) {
        return new TenantBudgets(tenant, zone, tenantLimits, personaLimits);
    }

    private TenantBudgets withLimits(String persona, List<BudgetLimit> limits) {
        if (persona == null) {
            return new TenantBudgets(tenant, timeZone, limits, personaLimits);
        }
        Map<String, List<BudgetLimit>> personas = new TreeMap<>(personaLimits);
        personas.put(persona, limits);
        return new TenantBudgets(tenant, timeZone, tenantLimits, personas);
    }

    private static List<BudgetLimit> sortedUnique(String scope, List<BudgetLimit> limits) {
        List<BudgetLimit> sorted = new ArrayList<>(limits == null ? List.of() : limits);
        Set<String> ids = new HashSet<>();
        for (BudgetLimit limit : sorted) {
            if (!ids.add(limit.id())) {
                throw new IllegalArgumentException(scope + " has two " + limit.id() + " limits; keep one");
            }
        }
        sorted.sort(ORDER);
        return List.copyOf(sorted);
    }
}
