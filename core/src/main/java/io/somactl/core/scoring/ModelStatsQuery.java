package io.somactl.core.scoring;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.report.TimeRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads each model's components over a window from the <b>base tables</b>, not the hourly rollups:
 * policy decisions, tool calls and voice quality carry no model, and only the base rows keep the
 * {@code request_id} and {@code session_id} that tie them to the model that served the request;
 * percentiles are exact ({@code quantileExact}) rather than merged t-digests. Scoring runs once per
 * window (cron), so one scan of the window's rows is affordable.
 *
 * <p>Models are SLMs ({@code slm_metrics.model_id}) and escalation targets
 * ({@code llm.escalation.metrics.oss_model_id}); a request is one event of either. Attribution:
 * a policy decision counts for every model that served its {@code request_id}; a tool call, and a
 * voice call's WER and MOS-LQO, for every model that served a request of its {@code session_id}.
 * SQL runs on ClickHouse 18.16 and current releases (old-style {@code ALL INNER JOIN … USING}).
 */
public final class ModelStatsQuery {
    private static final String HOUR = "toDateTime(intDiv(toUInt32(ts), 3600) * 3600)";
    private final ClickHouse clickHouse;

    public ModelStatsQuery(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** Per group value ({@code ""} without a dimension), each model's statistics, ordered by group and model. */
    public Map<String, List<ModelStats>> read(TimeRange range, ScoreDimension by) {
        String where = " WHERE " + range.where("ts");
        String slmDim = by == null ? "''" : by.slmColumn();
        String escDim = by == null ? "''" : by.escalationColumn();
        Map<String, Map<String, ModelStats.Builder>> groups = new TreeMap<>();

        String tokens = "input_tokens + output_tokens + ifNull(cached_input_read_tokens, 0)"
                + " + ifNull(cached_input_write_tokens, 0) + ifNull(reasoning_tokens, 0)";
        String slm = "SELECT " + slmDim + " AS dim, toString(model_id) AS model, count() AS requests,"
                + " countIf(status = 'ok'), countIf(status IN ('error', 'timeout')), countIf(status = 'aborted'),"
                + " 0, toString(sum(cost_usd)), sum(" + tokens + "),"
                + " quantileExact(0.5)(latency_ms), quantileExact(0.95)(latency_ms), quantileExact(0.99)(latency_ms),"
                + " avg(queue_delay_ms), avg(ttft_ms), uniqExact(" + HOUR + "), uniqExactIf(" + HOUR
                + ", status = 'ok')"
                + " FROM slm_metrics" + where + " GROUP BY dim, model";
        String esc = "SELECT " + escDim + " AS dim, toString(oss_model_id) AS model, count() AS requests,"
                + " countIf(outcome = 'success'), countIf(outcome = 'error'), -1,"
                + " countIf(outcome = 'fallback'), toString(sum(cost_usd)), sum(input_tokens + output_tokens + ifNull(reasoning_tokens, 0)),"
                + " quantileExact(0.5)(latency_ms), quantileExact(0.95)(latency_ms), quantileExact(0.99)(latency_ms),"
                + " NULL, NULL, uniqExact(" + HOUR + "), uniqExactIf(" + HOUR + ", outcome = 'success')"
                + " FROM escalation_metrics" + where + " GROUP BY dim, model";
        for (String sql : List.of(slm, esc)) {
            for (List<String> r : clickHouse.select(sql)) {
                long requests = Long.parseLong(r.get(2));
                if (requests == 0) {
                    continue;
                }
                boolean escalation = sql == esc;
                ModelStats.Builder b = groups.computeIfAbsent(r.get(0), k -> new TreeMap<>())
                        .computeIfAbsent(r.get(1), k -> ModelStats.builder(r.get(1), requests));
                b.put(Component.SUCCESS_RATE, rate(r.get(3), requests));
                b.put(Component.ERROR_RATE, rate(r.get(4), requests));
                if (!escalation) {
                    b.put(Component.ABORT_RATE, rate(r.get(5), requests));
                } else {
                    b.put(Component.FALLBACK_RATE, rate(r.get(6), requests));
                }
                BigDecimal cost = new BigDecimal(r.get(7));
                long tokenCount = Long.parseLong(r.get(8));
                b.put(
                        Component.COST_PER_REQUEST,
                        cost.divide(BigDecimal.valueOf(requests), 12, RoundingMode.HALF_EVEN));
                if (tokenCount > 0) {
                    b.put(
                            Component.COST_PER_1K_TOKENS,
                            cost.multiply(BigDecimal.valueOf(1000))
                                    .divide(BigDecimal.valueOf(tokenCount), 12, RoundingMode.HALF_EVEN));
                }
                b.put(Component.LATENCY_P50_MS, number(r.get(9)));
                b.put(Component.LATENCY_P95_MS, number(r.get(10)));
                b.put(Component.LATENCY_P99_MS, number(r.get(11)));
                b.put(Component.QUEUE_DELAY_MS, number(r.get(12)));
                b.put(Component.TTFT_MS, number(r.get(13)));
                b.put(Component.AVAILABILITY, rate(r.get(15), Long.parseLong(r.get(14))));
            }
        }
        // the model (and group) of each request and session in the window, SLMs and escalation targets apart
        // (their model sets are disjoint; one UNION would need one supertype for LowCardinality and String columns)
        for (String[] source : List.of(
                new String[] {"slm_metrics", "model_id", slmDim},
                new String[] {"escalation_metrics", "oss_model_id", escDim})) {
            String served = "SELECT DISTINCT %s, " + source[2] + " AS dim, toString(" + source[1] + ") AS model FROM "
                    + source[0] + where;
            String policy = "SELECT dim, model, count(), countIf(verdict = 'block') FROM"
                    + " (SELECT request_id, toString(verdict) AS verdict FROM policy_events" + where + ")"
                    + " ALL INNER JOIN (" + served.formatted("request_id") + ") USING request_id GROUP BY dim, model";
            for (List<String> r : clickHouse.select(policy)) {
                builder(groups, r)
                        .ifPresent(b -> b.put(Component.POLICY_BLOCK_RATE, rate(r.get(3), Long.parseLong(r.get(2)))));
            }
            String sessions = served.formatted("session_id");
            String tools = "SELECT dim, model, count(), countIf(success = 1) FROM"
                    + " (SELECT session_id, success FROM tool_metrics" + where + ")"
                    + " ALL INNER JOIN (" + sessions + ") USING session_id GROUP BY dim, model";
            for (List<String> r : clickHouse.select(tools)) {
                builder(groups, r)
                        .ifPresent(b -> b.put(Component.TOOL_SUCCESS_RATE, rate(r.get(3), Long.parseLong(r.get(2)))));
            }
            String audio = "SELECT dim, model, avg(wer), avg(mos_lqo) FROM"
                    + " (SELECT session_id, wer, mos_lqo FROM audio_metrics" + where + ")"
                    + " ALL INNER JOIN (" + sessions + ") USING session_id GROUP BY dim, model";
            for (List<String> r : clickHouse.select(audio)) {
                builder(groups, r)
                        .ifPresent(
                                b -> b.put(Component.WER, number(r.get(2))).put(Component.MOS_LQO, number(r.get(3))));
            }
        }
        Map<String, List<ModelStats>> result = new LinkedHashMap<>();
        groups.forEach((dim, models) -> {
            List<ModelStats> list = new ArrayList<>();
            models.values().forEach(b -> list.add(b.build()));
            result.put(dim, list);
        });
        return result;
    }

    private static java.util.Optional<ModelStats.Builder> builder(
            Map<String, Map<String, ModelStats.Builder>> groups, List<String> row) {
        Map<String, ModelStats.Builder> models = groups.get(row.get(0));
        return java.util.Optional.ofNullable(models == null ? null : models.get(row.get(1)));
    }

    private static BigDecimal rate(String count, long of) {
        if (of == 0) {
            return null;
        }
        return new BigDecimal(count).divide(BigDecimal.valueOf(of), 9, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal number(String text) {
        if (text == null || text.equals("nan") || text.equals("inf") || text.equals("-inf")) {
            return null;
        }
        return new BigDecimal(text);
    }
}
