package io.somactl.core.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** What must change to go from one tenant's budgets to another's, limit by limit. */
public final class BudgetDiff {
    private BudgetDiff() {}

    public static List<BudgetChange> between(TenantBudgets before, TenantBudgets after) {
        String tenant = after.tenant();
        List<BudgetChange> changes = new ArrayList<>();
        // A tenant losing all its budgets loses its time zone with them: only the removals are listed.
        if (!after.isEmpty()
                && !before.timeZone().normalized().equals(after.timeZone().normalized())) {
            changes.add(new BudgetChange(
                    before.isEmpty() ? BudgetChange.Kind.ADD : BudgetChange.Kind.CHANGE,
                    tenant,
                    null,
                    "time-zone",
                    before.timeZone().getId(),
                    after.timeZone().getId()));
        }
        changes.addAll(scope(tenant, null, before.tenantLimits(), after.tenantLimits()));
        TreeSet<String> personas = new TreeSet<>(before.personaLimits().keySet());
        personas.addAll(after.personaLimits().keySet());
        for (String persona : personas) {
            changes.addAll(scope(tenant, persona, before.limits(persona), after.limits(persona)));
        }
        return changes;
    }

    private static List<BudgetChange> scope(
            String tenant, String persona, List<BudgetLimit> before, List<BudgetLimit> after) {
        Map<String, BudgetLimit> old = byId(before);
        Map<String, BudgetLimit> wanted = byId(after);
        TreeSet<String> ids = new TreeSet<>(old.keySet());
        ids.addAll(wanted.keySet());
        List<BudgetChange> changes = new ArrayList<>();
        for (String id : ids) {
            BudgetLimit was = old.get(id);
            BudgetLimit will = wanted.get(id);
            if (was == null) {
                changes.add(
                        new BudgetChange(BudgetChange.Kind.ADD, tenant, persona, id, "", BudgetCodec.describe(will)));
            } else if (will == null) {
                changes.add(
                        new BudgetChange(BudgetChange.Kind.REMOVE, tenant, persona, id, BudgetCodec.describe(was), ""));
            } else if (!Objects.equals(BudgetCodec.encode(was), BudgetCodec.encode(will))) {
                changes.add(new BudgetChange(
                        BudgetChange.Kind.CHANGE,
                        tenant,
                        persona,
                        id,
                        BudgetCodec.describe(was),
                        BudgetCodec.describe(will)));
            }
        }
        return changes;
    }

    private static Map<String, BudgetLimit> byId(List<BudgetLimit> limits) {
        Map<String, BudgetLimit> map = new TreeMap<>();
        limits.forEach(l -> map.put(l.id(), l));
        return map;
    }
}
