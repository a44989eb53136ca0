package io.somactl.core.usage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tenant's share of an ingest batch: the sums to add per counter key, and for each Kafka
 * partition the first and last offset the sums cover. Applied atomically, or not at all.
 */
public final class TenantUsageBatch {
    private final String tenant;
    private final UsageKeys keys;
    // Per event only one merge, by persona and UTC hour; the hour, day and month keys of the
    // tenant and the persona are built once per batch, in sums().
    private final Map<PersonaHour, UsageTotals> hourly = new LinkedHashMap<>();
    private final Map<String, long[]> offsetRanges = new LinkedHashMap<>();
    private Map<String, UsageTotals> sums;

    public TenantUsageBatch(String tenant, UsageKeys keys) {
        this.tenant = tenant;
        this.keys = keys;
    }

    public void add(UsageDelta delta, String partitionField, long offset) {
        hourly.merge(
                new PersonaHour(delta.persona(), delta.ts().getEpochSecond() / 3600),
                UsageTotals.ZERO.plus(delta),
                UsageTotals::plus);
        long[] range = offsetRanges.get(partitionField);
        if (range == null) {
            offsetRanges.put(partitionField, new long[] {offset, offset});
        } else {
            range[0] = Math.min(range[0], offset);
            range[1] = Math.max(range[1], offset);
        }
        sums = null;
    }

    /**
     * Takes back an event {@link #add added} before (one ingest leaves out because it is already
     * stored). The offsets it covered stay covered: it was read, it just counts for nothing.
     */
    public void remove(UsageDelta delta) {
        PersonaHour key = new PersonaHour(delta.persona(), delta.ts().getEpochSecond() / 3600);
        UsageTotals totals = hourly.get(key);
        if (totals == null || totals.requests() < 1) {
            throw new IllegalStateException("cannot take back usage of " + tenant + " that was never added");
        }
        UsageTotals rest = totals.minus(delta);
        if (rest.requests() == 0) {
            hourly.remove(key);
        } else {
            hourly.put(key, rest);
        }
        sums = null;
    }

    /** Adds what another share of the same batch counted for this tenant (e.g. another thread's). */
    public void addAll(TenantUsageBatch other) {
        if (!other.tenant.equals(tenant)) {
            throw new IllegalArgumentException("cannot add " + other.tenant + "'s usage to " + tenant + "'s");
        }
        other.hourly.forEach((personaHour, totals) -> hourly.merge(personaHour, totals, UsageTotals::plus));
        other.offsetRanges.forEach((field, range) -> offsetRanges.merge(field, range.clone(), (mine, theirs) ->
                new long[] {Math.min(mine[0], theirs[0]), Math.max(mine[1], theirs[1])}));
        sums = null;
    }

    public String tenant() {
        return tenant;
    }

    /** The sums to add, per counter key: every window of the tenant and of each persona. */
    public Map<String, UsageTotals> sums() {
        if (sums == null) {
            Map<String, UsageTotals> byKey = new LinkedHashMap<>();
            hourly.forEach((personaHour, totals) -> {
                Instant hour = Instant.ofEpochSecond(personaHour.hour() * 3600);
                for (UsageWindow window : UsageWindow.values()) {
                    byKey.merge(keys.tenantUsage(tenant, window, hour), totals, UsageTotals::plus);
                    byKey.merge(
                            keys.personaUsage(tenant, personaHour.persona(), window, hour), totals, UsageTotals::plus);
                }
            });
            sums = byKey;
        }
        return sums;
    }

    /** Everything this batch adds for the tenant, all personas and hours together. */
    public UsageTotals total() {
        UsageTotals total = UsageTotals.ZERO;
        for (UsageTotals totals : hourly.values()) {
            total = total.plus(totals);
        }
        return total;
    }

    /** Per {@code topic:partition}: {first, last} offset covered. */
    public Map<String, long[]> offsetRanges() {
        return offsetRanges;
    }

    public boolean isEmpty() {
        return hourly.isEmpty();
    }

    private record PersonaHour(String persona, long hour) {}
}
