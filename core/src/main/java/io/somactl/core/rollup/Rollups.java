package io.somactl.core.rollup;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads the hourly rollups ({@code somactl aggregate}), checks they cover the base tables, and
 * rebuilds them from the base tables ({@code somactl aggregate backfill}).
 */
public final class Rollups {
    /** The rollup partition (server time zone, like the base tables') that a base row's hour lands in. */
    static final String HOUR_PARTITION = "toYYYYMM(toDateTime(intDiv(toUInt32(ts), 3600) * 3600))";

    private final ClickHouse clickHouse;

    public Rollups(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** Every statement {@link #aggregate} runs, for {@code --explain}. */
    public List<String> explain(AggregateRequest request) {
        List<String> statements = new ArrayList<>();
        for (RollupSource source : RollupSource.values()) {
            statements.add(AggregateQuery.sql(clickHouse.database(), source, request));
        }
        for (RollupSource source : RollupSource.values()) {
            statements.add(AggregateQuery.baseCountSql(clickHouse.database(), source, request));
        }
        return statements;
    }

    public AggregateReport aggregate(AggregateRequest request) {
        Map<Key, RollupMetrics> cells = new HashMap<>();
        for (RollupSource source : RollupSource.values()) {
            int dims = request.groupBy().size();
            for (List<String> row : clickHouse.select(AggregateQuery.sql(clickHouse.database(), source, request))) {
                Key key = new Key(
                        Instant.ofEpochSecond(Long.parseLong(row.get(0))), List.copyOf(row.subList(1, 1 + dims)));
                cells.computeIfAbsent(key, k -> new RollupMetrics()).add(source, row.subList(1 + dims, row.size()));
            }
        }
        List<AggregateRow> rows = new ArrayList<>();
        Map<RollupSource, Long> covered = new LinkedHashMap<>();
        cells.forEach((key, metrics) -> {
            if (!key.bucket.isBefore(request.range().since())) {
                RollupMetrics previous = cells.get(new Key(request.previousBucket(key.bucket), key.dimensions));
                rows.add(
                        new AggregateRow(key.bucket, request.bucketEnd(key.bucket), key.dimensions, metrics, previous));
                for (RollupSource source : RollupSource.values()) {
                    covered.merge(source, metrics.events(source), Long::sum);
                }
            }
        });
        rows.sort(Comparator.comparing(AggregateRow::start).thenComparing(r -> String.join("\u0000", r.dimensions())));
        List<String> gaps = new ArrayList<>();
        for (RollupSource source : RollupSource.values()) {
            long base = Long.parseLong(
                    clickHouse.selectValue(AggregateQuery.baseCountSql(clickHouse.database(), source, request)));
            long inRollup = covered.getOrDefault(source, 0L);
            if (inRollup != base) {
                gaps.add(source.table() + " holds " + inRollup + " of the " + base + " " + source.baseTable()
                        + " rows in " + request.range().since() + " .. "
                        + request.range().until());
            }
        }
        return new AggregateReport(request, rows, gaps);
    }

    /** The months (YYYYMM) that base rows fall in, within {@code [since, until)} when given. */
    public List<Integer> monthsWithData(Instant since, Instant until) {
        TreeSet<Integer> months = new TreeSet<>();
        String where = since == null
                ? ""
                : " WHERE ts >= toDateTime(" + since.getEpochSecond() + ") AND ts < toDateTime("
                        + until.getEpochSecond() + ")";
        for (RollupSource source : RollupSource.values()) {
            for (List<String> row : clickHouse.select("SELECT DISTINCT " + HOUR_PARTITION + " FROM "
                    + Sql.table(clickHouse.database(), source.baseTable()) + where)) {
                months.add(Integer.parseInt(row.get(0)));
            }
        }
        return List.copyOf(months);
    }

    /**
     * Rebuilds every rollup for each month: drops the month's partition, then inserts the month
     * from the base table with the view's own SELECT. Idempotent: running it twice gives the same
     * rollups. Stop ingest first, or rows stored meanwhile may be counted twice (by the view and by
     * the backfill) or not at all.
     */
    public void backfill(List<Integer> months, Consumer<String> progress) {
        for (int month : months) {
            for (RollupSource source : RollupSource.values()) {
                progress.accept(month + " " + source.table());
                String table = Sql.table(clickHouse.database(), source.table());
                clickHouse.execute("ALTER TABLE " + table + " DROP PARTITION " + month);
                clickHouse.execute("INSERT INTO " + table + " "
                        + source.select(clickHouse.database(), HOUR_PARTITION + " = " + month));
            }
        }
    }

    private record Key(Instant bucket, List<String> dimensions) {}
}
