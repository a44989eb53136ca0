package io.somactl.core.rollup;

import io.somactl.core.clickhouse.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * The hourly rollup tables of migration V003, one per base table, each fed by a materialized view
 * with exactly {@link #select} as its query (a test checks the migration against this class). The
 * same SELECT, restricted to one month, backfills a rollup from its base table.
 *
 * <p>Every rollup row is one UTC hour of one group; its columns are AggregateFunction states
 * (AggregatingMergeTree), so sums stay exact (Decimal and UInt64 sums) and latency percentiles merge
 * (t-digest) across hours.
 */
public enum RollupSource {
    SLM(
            "slm_metrics",
            "rollup_slm_hourly",
            "",
            List.of(Dimension.TENANT, Dimension.PERSONA, Dimension.MODEL, Dimension.ROLE, Dimension.DEPLOYMENT_MODE),
            List.of(
                    new Metric("requests", "countState()", "countMerge(requests)"),
                    new Metric("input_tokens_sum", "sumState(input_tokens)", "sumMerge(input_tokens_sum)"),
                    new Metric("output_tokens_sum", "sumState(output_tokens)", "sumMerge(output_tokens_sum)"),
                    new Metric(
                            "total_tokens_sum",
                            "sumState(input_tokens + ifNull(cached_input_read_tokens, 0)"
                                    + " + ifNull(cached_input_write_tokens, 0) + output_tokens + ifNull(reasoning_tokens, 0))",
                            "sumMerge(total_tokens_sum)"),
                    new Metric("cost_usd_sum", "sumState(cost_usd)", "toString(sumMerge(cost_usd_sum))"),
                    new Metric(
                            "latency_ms_quantiles",
                            "quantilesTDigestState(0.5, 0.95, 0.99)(latency_ms)",
                            "quantilesTDigestMerge(0.5, 0.95, 0.99)(latency_ms_quantiles)"),
                    new Metric(
                            "queue_delay_ms_sum",
                            "sumState(ifNull(queue_delay_ms, 0))",
                            "sumMerge(queue_delay_ms_sum)"),
                    new Metric(
                            "queue_delay_ms_count",
                            "sumState(toUInt64(isNotNull(queue_delay_ms)))",
                            "sumMerge(queue_delay_ms_count)"),
                    new Metric(
                            "gpu_utilization_sum",
                            "sumState(ifNull(gpu_utilization, 0))",
                            "sumMerge(gpu_utilization_sum)"),
                    new Metric(
                            "gpu_utilization_count",
                            "sumState(toUInt64(isNotNull(gpu_utilization)))",
                            "sumMerge(gpu_utilization_count)"))),
    ESCALATION(
            "escalation_metrics",
            "rollup_escalation_hourly",
            "",
            List.of(Dimension.TENANT, Dimension.PERSONA, Dimension.MODEL),
            List.of(
                    new Metric("escalations", "countState()", "countMerge(escalations)"),
                    new Metric("fallbacks", "sumState(toUInt64(outcome = 'fallback'))", "sumMerge(fallbacks)"),
                    new Metric("errors", "sumState(toUInt64(outcome = 'error'))", "sumMerge(errors)"),
                    new Metric("input_tokens_sum", "sumState(input_tokens)", "sumMerge(input_tokens_sum)"),
                    new Metric("output_tokens_sum", "sumState(output_tokens)", "sumMerge(output_tokens_sum)"),
                    new Metric(
                            "total_tokens_sum",
                            "sumState(input_tokens + output_tokens + ifNull(reasoning_tokens, 0))",
                            "sumMerge(total_tokens_sum)"),
                    new Metric("cost_usd_sum", "sumState(cost_usd)", "toString(sumMerge(cost_usd_sum))"))),
    VOICE(
            "conversation_metrics",
            "rollup_voice_hourly",
            "channel = 'voice'",
            List.of(Dimension.TENANT, Dimension.PERSONA),
            List.of(
                    new Metric("turns", "countState()", "countMerge(turns)"),
                    new Metric("input_tokens_sum", "sumState(ifNull(input_tokens, 0))", "sumMerge(input_tokens_sum)"),
                    new Metric(
                            "output_tokens_sum", "sumState(ifNull(output_tokens, 0))", "sumMerge(output_tokens_sum)"),
                    new Metric(
                            "total_tokens_sum",
                            "sumState(ifNull(input_tokens, 0) + ifNull(output_tokens, 0))",
                            "sumMerge(total_tokens_sum)"),
                    new Metric("cost_usd_sum", "sumState(cost_usd)", "toString(sumMerge(cost_usd_sum))"))),
    TOOL(
            "tool_metrics",
            "rollup_tool_hourly",
            "",
            List.of(Dimension.TENANT, Dimension.PERSONA),
            List.of(
                    new Metric("calls", "countState()", "countMerge(calls)"),
                    new Metric("successes", "sumState(toUInt64(success))", "sumMerge(successes)"))),
    POLICY(
            "policy_events",
            "rollup_policy_hourly",
            "",
            List.of(Dimension.TENANT, Dimension.PERSONA),
            List.of(
                    new Metric("decisions", "countState()", "countMerge(decisions)"),
                    new Metric("blocks", "sumState(toUInt64(verdict = 'block'))", "sumMerge(blocks)"),
                    new Metric("overrides", "sumState(toUInt64(verdict = 'override'))", "sumMerge(overrides)"))),
    AUDIO(
            "audio_metrics",
            "rollup_audio_hourly",
            "",
            List.of(Dimension.TENANT, Dimension.PERSONA),
            List.of(
                    new Metric("events", "countState()", "countMerge(events)"),
                    new Metric("wer_sum", "sumState(ifNull(wer, 0))", "sumMerge(wer_sum)"),
                    new Metric("wer_count", "sumState(toUInt64(isNotNull(wer)))", "sumMerge(wer_count)"),
                    new Metric("cer_sum", "sumState(ifNull(cer, 0))", "sumMerge(cer_sum)"),
                    new Metric("cer_count", "sumState(toUInt64(isNotNull(cer)))", "sumMerge(cer_count)"),
                    new Metric("mos_sum", "sumState(ifNull(mos_lqo, 0))", "sumMerge(mos_sum)"),
                    new Metric("mos_count", "sumState(toUInt64(isNotNull(mos_lqo)))", "sumMerge(mos_count)")));

    /** One rollup column: its name, the -State expression that fills it, the -Merge expression that reads it. */
    public record Metric(String column, String state, String merge) {}

    private final String baseTable;
    private final String table;
    private final String filter;
    private final List<Dimension> dimensions;
    private final List<Metric> metrics;

    RollupSource(String baseTable, String table, String filter, List<Dimension> dimensions, List<Metric> metrics) {
        this.baseTable = baseTable;
        this.table = table;
        this.filter = filter;
        this.dimensions = dimensions;
        this.metrics = metrics;
    }

    public String baseTable() {
        return baseTable;
    }

    public String table() {
        return table;
    }

    public String view() {
        return table + "_mv";
    }

    public List<Dimension> dimensions() {
        return dimensions;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    /** The base table's filter (voice turns only), or empty. */
    public String filter() {
        return filter;
    }

    /**
     * The SELECT that turns base rows into rollup rows; {@code extraWhere} (e.g. one month, for a
     * backfill) is ANDed with the source's own filter. With {@code database = "${database}"} and no
     * extra condition this is the materialized view's query, word for word.
     */
    public String select(String database, String extraWhere) {
        List<String> columns = new ArrayList<>();
        columns.add("toDateTime(intDiv(toUInt32(ts), 3600) * 3600) AS hour");
        for (Dimension d : dimensions) {
            columns.add(d.baseColumn(this).equals(d.column()) ? d.column() : d.baseColumn(this) + " AS " + d.column());
        }
        for (Metric m : metrics) {
            columns.add(m.state() + " AS " + m.column());
        }
        List<String> where = new ArrayList<>();
        if (!filter.isEmpty()) {
            where.add(filter);
        }
        if (extraWhere != null && !extraWhere.isBlank()) {
            where.add(extraWhere);
        }
        List<String> groupBy = new ArrayList<>(List.of("hour"));
        dimensions.forEach(d -> groupBy.add(d.column()));
        return "SELECT\n    " + String.join(",\n    ", columns)
                + "\nFROM " + qualified(database, baseTable)
                + (where.isEmpty() ? "" : "\nWHERE " + String.join(" AND ", where))
                + "\nGROUP BY " + String.join(", ", groupBy);
    }

    static String qualified(String database, String table) {
        return "${database}".equals(database) ? database + "." + table : Sql.table(database, table);
    }
}
