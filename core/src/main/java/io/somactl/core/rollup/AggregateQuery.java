package io.somactl.core.rollup;

import io.somactl.core.clickhouse.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The SQL {@code somactl aggregate} sends: one query per rollup, and the base counts to check coverage. */
public final class AggregateQuery {
    private AggregateQuery() {}

    /** Bucket start (unix seconds), the grouped dimensions, then {@code source}'s metrics. */
    public static String sql(String database, RollupSource source, AggregateRequest request) {
        List<String> select = new ArrayList<>();
        select.add(bucket(request) + " AS bucket");
        List<String> groupBy = new ArrayList<>(List.of("bucket"));
        for (Dimension d : request.groupBy()) {
            String expression = source.dimensions().contains(d)
                    ? "CAST(" + d.column() + " AS String)"
                    : d == Dimension.MODEL && source == RollupSource.VOICE
                            ? Sql.quote(io.somactl.core.export.BillingQuery.VOICE_MODEL)
                            : "''";
            select.add(expression + " AS g_" + d.column());
            groupBy.add("g_" + d.column());
        }
        source.metrics().forEach(m -> select.add(m.merge()));
        return "SELECT " + String.join(", ", select)
                + "\nFROM " + Sql.table(database, source.table())
                + "\nWHERE hour >= toDateTime(" + request.comparedFrom().getEpochSecond() + ") AND hour < toDateTime("
                + request.range().until().getEpochSecond() + ")" + tenantFilter(request)
                + "\nGROUP BY " + String.join(", ", groupBy);
    }

    /** How many base rows of {@code source} fall in the requested range (without the comparison range). */
    public static String baseCountSql(String database, RollupSource source, AggregateRequest request) {
        return "SELECT count() FROM " + Sql.table(database, source.baseTable()) + " WHERE "
                + request.range().where("ts") + (source.filter().isEmpty() ? "" : " AND " + source.filter())
                + tenantFilter(request);
    }

    private static String bucket(AggregateRequest request) {
        if (request.grain() == null) {
            return "if(hour >= toDateTime(" + request.range().since().getEpochSecond() + "), toUInt32("
                    + request.range().since().getEpochSecond() + "), toUInt32("
                    + request.comparedFrom().getEpochSecond() + "))";
        }
        return request.grain().bucketSql("hour");
    }

    private static String tenantFilter(AggregateRequest request) {
        return request.tenants().isEmpty()
                ? ""
                : " AND tenant IN ("
                        + request.tenants().stream().map(Sql::quote).collect(Collectors.joining(", ")) + ")";
    }
}
