package io.somactl.core.reprice;

import io.somactl.core.SomactlException;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import io.somactl.core.export.BillingSource;
import io.somactl.core.export.ExportRegistry;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.UnpricedEventException;
import io.somactl.core.rollup.RollupSource;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageRebuild;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code somactl reprice}: prices the stored events of a range again with a catalog and replaces their
 * costs, so the base tables, the hourly rollups and the Redis counters all say what that catalog says.
 *
 * <p>{@link #plan} reads the rows and prices each with the public {@link Pricer} API (what ingest
 * would have stored with that catalog) and writes nothing. {@link #apply} then, in this order:
 * <ol>
 *   <li>records the run ({@code reprice_runs}, status {@code started}, with the tenants and rollup keys
 *       it will touch) and its difference per tenant and model ({@code reprice_audit});</li>
 *   <li>marks the tenants for a Redis recount (the set replay uses, so a run cut short is recounted by
 *       the next run of either);</li>
 *   <li>replaces the changed rows' cost columns and {@code pricing_version} in place with
 *       {@code ALTER TABLE … UPDATE} mutations keyed by each row's provenance
 *       ({@code cityHash64(_topic, _partition, _offset)}), and waits until ClickHouse has applied them;</li>
 *   <li>rebuilds the rollup rows of exactly the changed (hour, tenant, model) keys from the base tables
 *       with the views' own SELECT ({@link RollupSource#select}): mutations do not fire materialized views.
 *       Each rebuilt key is then compared with its base rows (events and cost) and rebuilt again if an
 *       insert raced it;</li>
 *   <li>recounts the tenants' Redis counters from ClickHouse while ingest may run ({@link UsageRebuild}),
 *       which also drops their budget window totals so they are rebuilt from the new counters;</li>
 *   <li>records status {@code done} with the billing exports whose totals no longer match.</li>
 * </ol>
 * Every step can run again: the mutation only sets values, a rebuild and a recount read the base
 * tables. A run cut short is finished by running it again with the same range, filters and catalog:
 * rows already repriced no longer differ, the rollup keys and tenants come from the started row.
 * Another reprice is refused until then.
 */
public final class Reprice {
    static final String RUNS = "reprice_runs";
    static final String AUDIT = "reprice_audit";
    private static final int ROWS_PER_MUTATION = 4_000;
    private static final String KEY = "cityHash64(_topic, _partition, _offset)";

    /** A stored row whose costs change: its provenance key, where it counts, its new cost columns. */
    public record Change(
            PricedTable table,
            String key,
            String tenant,
            String model,
            Instant ts,
            List<BigDecimal> costs,
            BigDecimal delta) {}

    /** A rollup row to rebuild: one hour of one tenant and model ({@code ""} for voice turns, whose rollup has no model). */
    public record RollupKey(PricedTable table, long hour, String tenant, String model)
            implements Comparable<RollupKey> {
        String text() {
            return hour + "|" + tenant + "|" + model;
        }

        String line() {
            return table.name() + "\t" + hour + "\t" + tenant + "\t" + model;
        }

        static RollupKey parse(String line) {
            String[] f = line.split("\t", -1);
            return new RollupKey(PricedTable.valueOf(f[0]), Long.parseLong(f[1]), f[2], f[3]);
        }

        @Override
        public int compareTo(RollupKey o) {
            return line().compareTo(o.line());
        }
    }

    /** An export whose period the run touches, and how much its total changes ({@code delta}). */
    public record ExportImpact(ExportRegistry.Entry export, BigDecimal delta) {}

    /** A started run with no done row. */
    public record Unfinished(
            String repriceId,
            Instant started,
            String actor,
            Instant since,
            Instant until,
            List<String> tenants,
            List<String> models,
            String catalogVersion,
            String catalogSha256,
            Set<String> recountTenants,
            Set<RollupKey> rollupKeys) {
        boolean sameAs(RepriceRequest r, String sha256) {
            return since.equals(r.range().since())
                    && until.equals(r.range().until())
                    && tenants.equals(r.tenants())
                    && models.equals(r.models())
                    && catalogSha256.equals(sha256);
        }

        String describe() {
            return "reprice " + repriceId + " (" + since + " .. " + until
                    + (tenants.isEmpty() ? "" : ", tenants " + String.join(",", tenants))
                    + (models.isEmpty() ? "" : ", models " + String.join(",", models))
                    + ", catalog " + catalogVersion + " sha256 " + catalogSha256.substring(0, 12) + "…, started "
                    + started
                    + " by " + actor + ")";
        }
    }

    /** What a run would change; nothing is written to make it. */
    public record Plan(
            RepriceRequest request,
            String catalogSha256,
            RepriceDiff diff,
            List<Change> changes,
            Set<RollupKey> rollupKeys,
            Set<String> tenants,
            List<ExportImpact> exports,
            Unfinished resumes) {
        /** The exports whose totals the run changes. */
        public List<ExportImpact> exportsChanged() {
            return exports.stream().filter(e -> e.delta().signum() != 0).toList();
        }

        /** Whether the run would change an exported period without {@code --include-exported}. */
        public boolean blockedByExports() {
            return !request.includeExported() && !exportsChanged().isEmpty();
        }
    }

    /** What a run did: its id, and the exports whose totals no longer match ClickHouse. */
    public record Result(
            Plan plan,
            String repriceId,
            int rowsUpdated,
            int rollupKeysRebuilt,
            int tenantsRecounted,
            List<ExportImpact> staleExports) {}

    private final ClickHouse clickHouse;
    private final BillingSource billing;
    private final Clock clock;
    private final Duration mutationTimeout;
    private final Consumer<String> log;

    public Reprice(
            ClickHouse clickHouse, BillingSource billing, Clock clock, Duration mutationTimeout, Consumer<String> log) {
        this.clickHouse = clickHouse.withSetting("max_query_size", String.valueOf(64 << 20));
        this.billing = billing;
        this.clock = clock;
        this.mutationTimeout = mutationTimeout;
        this.log = log;
    }

    /** Reads and prices the range's rows; writes nothing. */
    public Plan plan(RepriceRequest request) {
        requireTables();
        String sha256 = request.catalogSha256();
        Unfinished unfinished = unfinished();
        if (unfinished != null && !unfinished.sameAs(request, sha256)) {
            throw new SomactlException(
                    unfinished.describe() + " did not finish: run it again with the same range, --tenant,"
                            + " --model and catalog to finish it before another reprice");
        }
        Pricer pricer = request.catalog().pricer();
        RepriceDiff diff = new RepriceDiff();
        List<Change> changes = new ArrayList<>();
        for (PricedTable table : PricedTable.values()) {
            readAndPrice(request, pricer, table, diff, changes);
        }
        Set<RollupKey> rollupKeys = new TreeSet<>();
        Set<String> tenants = new TreeSet<>();
        for (Change c : changes) {
            rollupKeys.add(new RollupKey(
                    c.table(),
                    c.ts().getEpochSecond() / 3600 * 3600,
                    c.tenant(),
                    c.table().rollupHasModel() ? c.model() : ""));
            tenants.add(c.tenant());
        }
        if (unfinished != null) {
            rollupKeys.addAll(unfinished.rollupKeys());
            tenants.addAll(unfinished.recountTenants());
        }
        List<ExportImpact> exports = new ArrayList<>();
        for (ExportRegistry.Entry entry : exportsOverlapping(request)) {
            BigDecimal delta = BigDecimal.ZERO;
            for (Change c : changes) {
                if (entry.request().range().contains(c.ts())
                        && (entry.request().tenants().isEmpty()
                                || entry.request().tenants().contains(c.tenant()))) {
                    delta = delta.add(c.delta());
                }
            }
            exports.add(new ExportImpact(entry, delta));
        }
        return new Plan(
                request, sha256, diff, List.copyOf(changes), rollupKeys, tenants, List.copyOf(exports), unfinished);
    }

    /**
     * Writes the plan: audit, base tables, rollups, Redis, in that order (see the class comment).
     *
     * @throws SomactlException when the plan changes an exported period without {@code --include-exported}
     */
    public Result apply(Plan plan, String actor, RedisUsageCounters counters) {
        if (plan.blockedByExports()) {
            throw new SomactlException(
                    "the range overlaps " + plan.exportsChanged().size()
                            + " billing export(s) whose totals it would change (first: "
                            + plan.exportsChanged().get(0).export().describe()
                            + "); add --include-exported to reprice them anyway");
        }
        String id = plan.resumes() != null
                ? plan.resumes().repriceId()
                : UUID.randomUUID().toString();
        if (plan.resumes() != null) {
            log.accept("finishing " + plan.resumes().describe());
        } else {
            recordStart(id, plan, actor);
        }
        counters.markForRecount(plan.tenants());
        int updated = 0;
        for (PricedTable table : PricedTable.values()) {
            List<Change> ofTable =
                    plan.changes().stream().filter(c -> c.table() == table).toList();
            for (int from = 0; from < ofTable.size(); from += ROWS_PER_MUTATION) {
                List<Change> chunk = ofTable.subList(from, Math.min(ofTable.size(), from + ROWS_PER_MUTATION));
                clickHouse.execute(updateSql(plan.request(), table, chunk));
                awaitMutations(table.table());
                updated += chunk.size();
                log.accept("repriced " + updated + " of " + plan.changes().size() + " rows");
            }
        }
        int rebuilt = rebuildRollups(plan.rollupKeys());
        UsageRebuild rebuild = new UsageRebuild(clickHouse, counters);
        for (String tenant : plan.tenants()) {
            rebuild.rebuildTenantWhileIngesting(tenant);
        }
        counters.recounted(plan.tenants());
        List<ExportImpact> stale = new ArrayList<>();
        for (ExportImpact impact : plan.exports()) {
            BigDecimal now = ExportRegistry.costNow(billing, impact.export());
            if (now.compareTo(impact.export().costUsd()) != 0) {
                stale.add(new ExportImpact(
                        impact.export(), now.subtract(impact.export().costUsd())));
            }
        }
        recordDone(id, plan, actor, stale);
        return new Result(plan, id, updated, rebuilt, plan.tenants().size(), List.copyOf(stale));
    }

    // ---- reading and pricing ----

    private void readAndPrice(
            RepriceRequest request, Pricer pricer, PricedTable table, RepriceDiff diff, List<Change> changes) {
        List<String> columns = new ArrayList<>(List.of(
                "toString(" + KEY + ")",
                "tenant",
                table.modelExpression(),
                "toUInt32(ts)",
                "ts_ms",
                "pricing_version"));
        table.costColumns().forEach(c -> columns.add("toString(" + c + ")"));
        columns.addAll(table.usageColumns());
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + Sql.table(clickHouse.database(), table.table())
                + " WHERE " + where(request, table);
        Set<String> keys = new HashSet<>();
        int costs = table.costColumns().size();
        for (List<String> row : clickHouse.select(sql)) {
            String key = row.get(0);
            if (!keys.add(key)) {
                throw new SomactlException(table.table() + " has two rows with provenance hash " + key
                        + " in the range (a hash collision or a duplicated row): reprice cannot tell them apart");
            }
            String tenant = row.get(1);
            String model = row.get(2);
            Instant ts = Instant.ofEpochSecond(Long.parseLong(row.get(3))).plusMillis(Long.parseLong(row.get(4)));
            List<BigDecimal> old =
                    row.subList(6, 6 + costs).stream().map(BigDecimal::new).toList();
            PricedTable.Costs now;
            try {
                now = table.price(pricer, tenant, model, ts, row.subList(6 + costs, row.size()));
            } catch (UnpricedEventException e) {
                throw new SomactlException("the catalog cannot price a stored " + table.table() + " row of tenant "
                        + tenant + ": " + e.getMessage() + "; nothing was changed");
            }
            boolean changed = !sameAmounts(old, now.columns()); // a version alone changes nothing billed
            BigDecimal oldTotal = old.get(costs - 1);
            diff.add(tenant, model, oldTotal, now.total(), changed);
            if (changed) {
                changes.add(new Change(
                        table,
                        key,
                        tenant,
                        model,
                        ts,
                        now.columns(),
                        now.total().subtract(oldTotal)));
            }
        }
    }

    static boolean sameAmounts(List<BigDecimal> a, List<BigDecimal> b) {
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).compareTo(b.get(i)) != 0) {
                return false;
            }
        }
        return true;
    }

    private String where(RepriceRequest request, PricedTable table) {
        List<String> where = new ArrayList<>();
        where.add(request.range().where("ts"));
        if (!table.filter().isEmpty()) {
            where.add(table.filter());
        }
        if (!request.tenants().isEmpty()) {
            where.add("tenant IN (" + quoted(request.tenants()) + ")");
        }
        if (!request.models().isEmpty()) {
            where.add(table.modelExpression() + " IN (" + quoted(request.models()) + ")");
        }
        return String.join(" AND ", where);
    }

    private static String quoted(java.util.Collection<String> values) {
        return values.stream().map(Sql::quote).collect(Collectors.joining(", "));
    }

    // ---- the base tables ----

    private String updateSql(RepriceRequest request, PricedTable table, List<Change> chunk) {
        String keys = chunk.stream().map(Change::key).collect(Collectors.joining(",", "[", "]"));
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < table.costColumns().size(); i++) {
            int index = i;
            String column = table.costColumns().get(i);
            String values = chunk.stream()
                    .map(c -> Sql.quote(c.costs().get(index).toPlainString()))
                    .collect(Collectors.joining(",", "[", "]"));
            // each changed row's key maps to its new amount, as text that toDecimal128 reads back exactly
            sets.add(column + " = toDecimal128(transform(" + KEY + ", " + keys + ", " + values + ", toString(" + column
                    + ")), 12)");
        }
        sets.add("pricing_version = " + Sql.quote(request.catalog().version()));
        return "ALTER TABLE " + Sql.table(clickHouse.database(), table.table()) + " UPDATE " + String.join(", ", sets)
                + " WHERE " + where(request, table) + " AND has(" + keys + ", " + KEY + ")";
    }

    /** Waits until ClickHouse has applied every mutation of {@code table} (18.16 has no synchronous mutations). */
    private void awaitMutations(String table) {
        String sql = "SELECT count() FROM system.mutations WHERE database = " + Sql.quote(clickHouse.database())
                + " AND table = " + Sql.quote(table) + " AND is_done = 0";
        Instant deadline = clock.instant().plus(mutationTimeout);
        long sleep = 20;
        while (!"0".equals(clickHouse.selectValue(sql))) {
            if (clock.instant().isAfter(deadline)) {
                throw new SomactlException(
                        "ClickHouse has not applied the mutations of " + table + " after " + mutationTimeout
                                + " (see system.mutations); run the same reprice again to finish it once they are done");
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SomactlException("interrupted while waiting for ClickHouse's mutations of " + table
                        + "; run the same reprice again to finish it");
            }
            sleep = Math.min(500, sleep * 2);
        }
    }

    // ---- the rollups ----

    private int rebuildRollups(Set<RollupKey> keys) {
        int rebuilt = 0;
        for (PricedTable table : PricedTable.values()) {
            List<String> texts = keys.stream()
                    .filter(k -> k.table() == table)
                    .map(RollupKey::text)
                    .toList();
            for (int attempt = 1; !texts.isEmpty(); attempt++) {
                if (attempt > 3) {
                    throw new SomactlException(
                            table.rollup().table() + " still differs from " + table.table() + " for " + texts.size()
                                    + " hours after 3 rebuilds (events kept arriving for them): run the same reprice again");
                }
                rebuild(table, texts);
                rebuilt += texts.size();
                texts = differing(table, texts);
                if (!texts.isEmpty()) {
                    log.accept(texts.size() + " hours of " + table.rollup().table() + " differ from " + table.table()
                            + " after their rebuild (events stored meanwhile): rebuilding them again");
                }
            }
            long keysOfTable = keys.stream().filter(k -> k.table() == table).count();
            if (keysOfTable > 0) {
                log.accept("rebuilt " + keysOfTable + " changed hours of "
                        + table.rollup().table());
            }
        }
        return rebuilt;
    }

    private void rebuild(PricedTable table, List<String> texts) {
        RollupSource source = table.rollup();
        String rollup = Sql.table(clickHouse.database(), source.table());
        String set = texts.stream().map(Sql::quote).collect(Collectors.joining(",", "[", "]"));
        clickHouse.execute("ALTER TABLE " + rollup + " DELETE WHERE has(" + set + ", " + rollupKey(table) + ")");
        awaitMutations(source.table());
        clickHouse.execute("INSERT INTO " + rollup + " "
                + source.select(clickHouse.database(), "has(" + set + ", " + baseKey(table) + ")"));
    }

    /** The keys whose rollup rows do not add up to their base rows (events and cost). */
    private List<String> differing(PricedTable table, List<String> texts) {
        RollupSource source = table.rollup();
        String set = texts.stream().map(Sql::quote).collect(Collectors.joining(",", "[", "]"));
        String count = source.metrics().get(0).merge();
        Map<String, String> rollup = new LinkedHashMap<>();
        for (List<String> row : clickHouse.select("SELECT " + rollupKey(table) + " AS k, " + count
                + ", toString(sumMerge(cost_usd_sum)) FROM " + Sql.table(clickHouse.database(), source.table())
                + " WHERE has(" + set + ", k) GROUP BY k")) {
            rollup.put(
                    row.get(0),
                    row.get(1) + " "
                            + new BigDecimal(row.get(2)).stripTrailingZeros().toPlainString());
        }
        Map<String, String> base = new LinkedHashMap<>();
        for (List<String> row : clickHouse.select("SELECT " + baseKey(table)
                + " AS k, count(), toString(sum(cost_usd)) FROM "
                + Sql.table(clickHouse.database(), table.table()) + " WHERE "
                + (table.filter().isEmpty() ? "" : table.filter() + " AND ") + "has(" + set + ", k) GROUP BY k")) {
            base.put(
                    row.get(0),
                    row.get(1) + " "
                            + new BigDecimal(row.get(2)).stripTrailingZeros().toPlainString());
        }
        return texts.stream()
                .filter(t -> !Objects.equals(rollup.get(t), base.get(t)))
                .toList();
    }

    private static String rollupKey(PricedTable table) {
        return "concat(toString(toUInt32(hour)), '|', toString(tenant), '|', "
                + (table.rollupHasModel() ? "toString(model)" : "''") + ")";
    }

    private static String baseKey(PricedTable table) {
        return "concat(toString(intDiv(toUInt32(ts), 3600) * 3600), '|', toString(tenant), '|', "
                + (table.rollupHasModel() ? "toString(" + table.modelExpression() + ")" : "''") + ")";
    }

    // ---- exports and the audit ----

    private List<ExportRegistry.Entry> exportsOverlapping(RepriceRequest request) {
        return new ExportRegistry(clickHouse).overlapping(request.range(), request.tenants());
    }

    /** The tables of migration V006, which a database made before it lacks. */
    private void requireTables() {
        String present = clickHouse.selectValue(
                "SELECT count() FROM system.tables WHERE database = " + Sql.quote(clickHouse.database())
                        + " AND name IN ('" + RUNS + "', '" + AUDIT + "', 'billing_exports')");
        if (!"3".equals(present)) {
            throw new SomactlException(
                    "database " + clickHouse.database() + " has no reprice_runs, reprice_audit or billing_exports"
                            + " table: run 'somactl schema apply' (migration V006) first");
        }
    }

    private Unfinished unfinished() {
        String runs = Sql.table(clickHouse.database(), RUNS);
        List<List<String>> rows =
                clickHouse.select("SELECT reprice_id, toUInt32(ts), actor, toUInt32(since), toUInt32(until),"
                        + " arrayStringConcat(tenants, '\\n'), arrayStringConcat(models, '\\n'), catalog_version, catalog_sha256,"
                        + " arrayStringConcat(recount_tenants, '\\n'), rollup_keys FROM " + runs
                        + " WHERE status = 'started'"
                        + " AND reprice_id NOT IN (SELECT reprice_id FROM " + runs
                        + " WHERE status = 'done') ORDER BY ts LIMIT 1");
        if (rows.isEmpty()) {
            return null;
        }
        List<String> r = rows.get(0);
        Set<RollupKey> keys = new TreeSet<>();
        for (String line : r.get(10).split("\n")) {
            if (!line.isEmpty()) {
                keys.add(RollupKey.parse(line));
            }
        }
        return new Unfinished(
                r.get(0),
                Instant.ofEpochSecond(Long.parseLong(r.get(1))),
                r.get(2),
                Instant.ofEpochSecond(Long.parseLong(r.get(3))),
                Instant.ofEpochSecond(Long.parseLong(r.get(4))),
                lines(r.get(5)),
                lines(r.get(6)),
                r.get(7),
                r.get(8),
                new TreeSet<>(lines(r.get(9))),
                keys);
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private void recordStart(String id, Plan plan, String actor) {
        long now = clock.instant().getEpochSecond();
        RepriceDiff.Line total = plan.diff().total();
        RepriceRequest r = plan.request();
        insert(
                RUNS,
                List.of(
                        "reprice_id",
                        "ts",
                        "status",
                        "actor",
                        "since",
                        "until",
                        "tenants",
                        "models",
                        "catalog_version",
                        "catalog_sha256",
                        "include_exported",
                        "events",
                        "changed",
                        "old_cost_usd",
                        "new_cost_usd",
                        "recount_tenants",
                        "rollup_keys",
                        "exports_changed"),
                List.of(List.of(
                        id,
                        String.valueOf(now),
                        "started",
                        actor,
                        String.valueOf(r.range().since().getEpochSecond()),
                        String.valueOf(r.range().until().getEpochSecond()),
                        array(r.tenants()),
                        array(r.models()),
                        r.catalog().version(),
                        plan.catalogSha256(),
                        r.includeExported() ? "1" : "0",
                        String.valueOf(total.events()),
                        String.valueOf(total.changed()),
                        total.oldCost().toPlainString(),
                        total.newCost().toPlainString(),
                        array(List.copyOf(plan.tenants())),
                        plan.rollupKeys().stream().map(RollupKey::line).collect(Collectors.joining("\n")),
                        "")));
        List<List<String>> lines = new ArrayList<>();
        for (RepriceDiff.Line line : plan.diff().lines()) {
            lines.add(List.of(
                    id,
                    String.valueOf(now),
                    actor,
                    line.tenant(),
                    line.model(),
                    String.valueOf(line.events()),
                    String.valueOf(line.changed()),
                    line.oldCost().toPlainString(),
                    line.newCost().toPlainString(),
                    line.delta().toPlainString()));
        }
        if (!lines.isEmpty()) {
            insert(
                    AUDIT,
                    List.of(
                            "reprice_id",
                            "ts",
                            "actor",
                            "tenant",
                            "model",
                            "events",
                            "changed",
                            "old_cost_usd",
                            "new_cost_usd",
                            "delta_usd"),
                    lines);
        }
    }

    private void recordDone(String id, Plan plan, String actor, List<ExportImpact> stale) {
        RepriceRequest r = plan.request();
        RepriceDiff.Line total = plan.diff().total();
        insert(
                RUNS,
                List.of(
                        "reprice_id",
                        "ts",
                        "status",
                        "actor",
                        "since",
                        "until",
                        "tenants",
                        "models",
                        "catalog_version",
                        "catalog_sha256",
                        "include_exported",
                        "events",
                        "changed",
                        "old_cost_usd",
                        "new_cost_usd",
                        "exports_changed"),
                List.of(List.of(
                        id,
                        String.valueOf(clock.instant().getEpochSecond()),
                        "done",
                        actor,
                        String.valueOf(r.range().since().getEpochSecond()),
                        String.valueOf(r.range().until().getEpochSecond()),
                        array(r.tenants()),
                        array(r.models()),
                        r.catalog().version(),
                        plan.catalogSha256(),
                        r.includeExported() ? "1" : "0",
                        String.valueOf(total.events()),
                        String.valueOf(total.changed()),
                        total.oldCost().toPlainString(),
                        total.newCost().toPlainString(),
                        stale.stream()
                                .map(e -> e.export().describe() + " now differs by "
                                        + e.delta().toPlainString())
                                .collect(Collectors.joining("\n")))));
    }

    private void insert(String table, List<String> columns, List<List<String>> rows) {
        StringBuilder body = new StringBuilder();
        for (List<String> row : rows) {
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i);
                fields.add(v.startsWith("[") && columns.get(i).matches("tenants|models|recount_tenants") ? v : tsv(v));
            }
            body.append(String.join("\t", fields)).append('\n');
        }
        clickHouse.insert(
                Sql.table(clickHouse.database(), table),
                columns,
                "TabSeparated",
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String tsv(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String array(List<String> values) {
        return values.stream()
                .map(v -> "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
