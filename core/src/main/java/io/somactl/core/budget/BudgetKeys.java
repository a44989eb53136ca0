package io.somactl.core.budget;

import io.somactl.core.usage.UsageKeys;
import io.somactl.core.usage.UsageWindow;

/**
 * Where budgets live in Redis. Everything of one tenant is under its hash tag {@code {prefix:tenant}}
 * (one Redis Cluster slot), so a check reads definitions' keys, counters, reservations and overrides
 * of a tenant in one Lua script. Only the list of tenants with budgets and the reset locks are
 * outside any tenant, under {@code {prefix}}.
 *
 * <pre>
 * {p:t}:budget:tenant                 hash  time_zone, limit:&lt;period&gt;:&lt;metric&gt; → JSON of the limit
 * {p:t}:budget:persona:&lt;persona&gt;     hash  limit:&lt;period&gt;:&lt;metric&gt; → JSON
 * {p:t}:budget:personas               set   personas that have limits
 * {p:t}:budget:holds                  zset  reservation id → expiry (ms since the epoch)
 * {p:t}:budget:held                   hash  r:&lt;id&gt; → the reservation; t, p:&lt;persona&gt; → live ones summed
 * {p:t}:budget:windows                hash  per scope and window: its hours and usage totals (kept by ingest)
 * {p:t}:budget:override               string JSON (until, actor, reason), expires at its until
 * {p:t}:budget:override:persona:&lt;p&gt;  string the same for one persona
 * {p:t}:budget:reset                  hash  daily|monthly → id of the last window closed (2023-11-16, 2023-11)
 * {p}:budget:tenants                  set   tenants with budgets
 * {p}:budget:lock:reset:&lt;period&gt;     string the reset lock (token, with expiry)
 * </pre>
 */
public final class BudgetKeys {
    private final UsageKeys usage;

    public BudgetKeys(UsageKeys usage) {
        this.usage = usage;
    }

    public UsageKeys usage() {
        return usage;
    }

    public String prefix() {
        return usage.prefix();
    }

    public String tenantLimits(String tenant) {
        return usage.tenantTag(tenant) + ":budget:tenant";
    }

    public String personaLimits(String tenant, String persona) {
        return usage.tenantTag(tenant) + ":budget:persona:" + persona;
    }

    public String personas(String tenant) {
        return usage.tenantTag(tenant) + ":budget:personas";
    }

    public String reservations(String tenant) {
        return usage.tenantTag(tenant) + ":budget:holds";
    }

    public String reserved(String tenant) {
        return usage.tenantTag(tenant) + ":budget:held";
    }

    /** The usage totals of the tenant's current budget windows; see {@link UsageKeys#windowTotals}. */
    public String windowTotals(String tenant) {
        return usage.windowTotals(tenant);
    }

    /** The tenant's override ({@code persona == null}) or one persona's. */
    public String override(String tenant, String persona) {
        return usage.tenantTag(tenant) + ":budget:override" + (persona == null ? "" : ":persona:" + persona);
    }

    public String resets(String tenant) {
        return usage.tenantTag(tenant) + ":budget:reset";
    }

    public String tenants() {
        return "{" + usage.prefix() + "}:budget:tenants";
    }

    public String resetLock(Period period) {
        return "{" + usage.prefix() + "}:budget:lock:reset:" + period.cliName();
    }

    /** The usage counter of a bucket, for the tenant ({@code persona == null}) or a persona. */
    public String counter(String tenant, String persona, Bucket bucket) {
        UsageWindow unit = bucket.unit();
        return persona == null
                ? usage.tenantUsage(tenant, unit, bucket.start())
                : usage.personaUsage(tenant, persona, unit, bucket.start());
    }

    /** A SCAN pattern for every tenant's counter of one bucket (glob characters in the prefix escaped). */
    public String tenantCounterPattern(Bucket bucket) {
        String sample = usage.tenantUsage("T", bucket.unit(), bucket.start());
        String suffix = sample.substring(sample.indexOf('}'));
        return "{" + glob(usage.prefix()) + ":*" + glob(suffix);
    }

    /** The tenant a tenant counter key belongs to. */
    public String tenantOfKey(String key) {
        String head = "{" + usage.prefix() + ":";
        return key.startsWith(head) ? key.substring(head.length(), key.indexOf('}', head.length())) : null;
    }

    private static String glob(String text) {
        return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
