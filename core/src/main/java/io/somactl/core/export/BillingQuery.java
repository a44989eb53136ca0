package io.somactl.core.export;

import io.somactl.core.clickhouse.Sql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of a billing export, read from the base tables (not from rollups), so it is exact by
 * construction: every priced event of the period counts once, with the cost ingest stored for it.
 *
 * <p>Priced events are SLM requests ({@code slm_metrics}, model = {@code model_id}), escalations
 * ({@code escalation_metrics}, model = {@code oss_model_id}) and voice turns
 * ({@code conversation_metrics} with {@code channel = 'voice'}, model = {@code voice}). Each is one
 * request. Total tokens count every token class the event was billed for (input, cached read and
 * write, output, reasoning). GPU time is summed in whole microseconds per event.
 */
public final class BillingQuery {
    /** The model name billing rows give voice turns (STT, voice LLM, TTS and media together). */
    public static final String VOICE_MODEL = "voice";

    private static final List<Source> SOURCES = List.of(
            new Source(
                    "slm_metrics",
                    "model_id",
                    "sum(input_tokens + ifNull(cached_input_read_tokens, 0) + ifNull(cached_input_write_tokens, 0)"
                            + " + output_tokens + ifNull(reasoning_tokens, 0))",
                    "sum(toInt64(round(ifNull(gpu_seconds, 0) * 1000000)))",
                    "sum(input_tokens)",
                    "sum(output_tokens)",
                    ""),
            new Source(
                    "escalation_metrics",
                    "oss_model_id",
                    "sum(input_tokens + output_tokens + ifNull(reasoning_tokens, 0))",
                    "0",
                    "sum(input_tokens)",
                    "sum(output_tokens)",
                    ""),
            new Source(
                    "conversation_metrics",
                    null,
                    "sum(ifNull(input_tokens, 0) + ifNull(output_tokens, 0))",
                    "0",
                    "sum(ifNull(input_tokens, 0))",
                    "sum(ifNull(output_tokens, 0))",
                    " AND channel = 'voice'"));

    private BillingQuery() {}

    /** Columns of {@link #sql}: bucket, the grouped dimensions, then the metrics. */
    public static int columnCount(BillingRequest request) {
        return 1 + request.groupBy().size() + 6;
    }

    /** One row per group per bucket, ordered by bucket then group, so a file's bytes are reproducible. */
    public static String sql(String database, BillingRequest request) {
        List<String> dims =
                request.groupBy().stream().map(d -> "g_" + d.column()).toList();
        String dimList = dims.isEmpty() ? "" : ", " + String.join(", ", dims);
        List<String> branches = new ArrayList<>();
        for (Source source : SOURCES) {
            branches.add(branch(database, source, request));
        }
        return "SELECT bucket" + dimList
                + ", sum(n_requests), sum(n_input_tokens), sum(n_output_tokens), sum(n_total_tokens), sum(n_gpu_micros),"
                + " toString(sum(n_cost_usd))\n"
                + "FROM (\n" + String.join("\n    UNION ALL\n", branches) + "\n)\n"
                + "GROUP BY bucket" + dimList + "\n"
                + "ORDER BY bucket" + dimList;
    }

    /** The distinct pricing catalog versions the period's priced rows were priced with. */
    public static String pricingVersionsSql(String database, BillingRequest request) {
        List<String> branches = new ArrayList<>();
        for (Source source : SOURCES) {
            branches.add("    SELECT DISTINCT CAST(pricing_version AS String) AS v FROM "
                    + Sql.table(database, source.table) + " WHERE " + where(request) + source.filter);
        }
        return "SELECT DISTINCT v FROM (\n" + String.join("\n    UNION ALL\n", branches) + "\n) ORDER BY v";
    }

    private static String branch(String database, Source source, BillingRequest request) {
        List<String> select = new ArrayList<>();
        select.add(request.grain().bucketSql("ts") + " AS bucket");
        List<String> groupBy = new ArrayList<>(List.of("bucket"));
        for (BillingDimension d : request.groupBy()) {
            String expression = switch (d) {
                case TENANT -> "CAST(tenant AS String)";
                case PERSONA -> "CAST(persona AS String)";
                case MODEL ->
                    source.modelColumn == null ? Sql.quote(VOICE_MODEL) : "CAST(" + source.modelColumn + " AS String)";
            };
            select.add(expression + " AS g_" + d.column());
            groupBy.add("g_" + d.column());
        }
        select.add("toUInt64(count()) AS n_requests");
        select.add("toUInt64(" + source.inputTokens + ") AS n_input_tokens");
        select.add("toUInt64(" + source.outputTokens + ") AS n_output_tokens");
        select.add("toUInt64(" + source.totalTokens + ") AS n_total_tokens");
        select.add("toInt64(" + source.gpuMicros + ") AS n_gpu_micros");
        select.add("sum(cost_usd) AS n_cost_usd");
        return "    SELECT " + String.join(", ", select) + "\n    FROM " + Sql.table(database, source.table)
                + "\n    WHERE " + where(request) + source.filter
                + "\n    GROUP BY " + String.join(", ", groupBy);
    }

    private static String where(BillingRequest request) {
        String where = request.range().where("ts");
        if (!request.tenants().isEmpty()) {
            where += " AND tenant IN ("
                    + request.tenants().stream().map(Sql::quote).collect(Collectors.joining(", ")) + ")";
        }
        return where;
    }

    /** A row of {@link #sql}'s result as a billing row. */
    public static BillingRow parse(List<String> fields, BillingRequest request) {
        int dims = request.groupBy().size();
        Instant bucket = Instant.ofEpochSecond(Long.parseLong(fields.get(0)));
        List<String> dimensions = new ArrayList<>(fields.subList(1, 1 + dims));
        int m = 1 + dims;
        return new BillingRow(
                bucket,
                dimensions,
                Long.parseLong(fields.get(m)),
                Long.parseLong(fields.get(m + 1)),
                Long.parseLong(fields.get(m + 2)),
                Long.parseLong(fields.get(m + 3)),
                BillingRow.gpuHours(Long.parseLong(fields.get(m + 4))),
                BillingRow.exact(fields.get(m + 5)));
    }

    private record Source(
            String table,
            String modelColumn,
            String totalTokens,
            String gpuMicros,
            String inputTokens,
            String outputTokens,
            String filter) {}
}
