package io.somactl.core.calls;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Per-call summaries of voice calls from {@code conversation_metrics} (rows with a call_id). The
 * aggregation runs in ClickHouse: avg/min/max over Nullable columns skip NULLs; the outcome is the
 * one reported on the latest turn that reported one, with that turn's confidence.
 */
public final class CallSummaries {
    private static final String SUMMARY_COLUMNS = String.join(
            ",\n    ",
            "assumeNotNull(call_id) AS id",
            "any(CAST(tenant AS String))",
            "any(CAST(persona AS String))",
            "toUInt32(min(ts))",
            "toUInt32(max(ts))",
            "count()",
            stat("stt_ttfb_ms"),
            stat("llm_latency_ms"),
            stat("tts_ttfb_ms"),
            stat("eou_latency_ms"),
            "sum(ifNull(input_tokens, 0))",
            "sum(ifNull(output_tokens, 0))",
            "sum(ifNull(stt_seconds, 0))",
            "sum(ifNull(tts_characters, 0))",
            "sum(ifNull(media_seconds, 0))",
            "sum(ifNull(interruptions, 0))",
            "argMaxIf(call_outcome, ifNull(turn_index, 0), isNotNull(call_outcome)) AS outcome",
            "argMaxIf(ifNull(call_outcome_confidence, -1), ifNull(turn_index, 0), isNotNull(call_outcome))",
            "avg(sentiment_score)",
            "toString(sum(cost_stt_usd))",
            "toString(sum(cost_llm_usd))",
            "toString(sum(cost_tts_usd))",
            "toString(sum(cost_media_usd))",
            "toString(sum(cost_usd))",
            "arrayStringConcat(groupUniqArray(CAST(pricing_version AS String)), ',')");

    private final ClickHouse clickHouse;

    public CallSummaries(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    private static String stat(String column) {
        return "avg(" + column + "), min(" + column + "), max(" + column + ")";
    }

    public String listSql(CallFilter filter) {
        String table = Sql.table(clickHouse.database(), "conversation_metrics");
        String tenants = filter.tenants().isEmpty()
                ? ""
                : " AND tenant IN (" + filter.tenants().stream().map(Sql::quote).collect(Collectors.joining(", "))
                        + ")";
        // Calls that start in the range, with all their turns (also those after its end).
        return "SELECT\n    " + SUMMARY_COLUMNS + "\nFROM " + table
                + "\nWHERE isNotNull(call_id) AND call_id IN (SELECT call_id FROM " + table
                + " WHERE isNotNull(call_id) AND "
                + filter.range().where("ts") + tenants + ")" + tenants
                + "\nGROUP BY id\nHAVING " + "min(ts) >= toDateTime("
                + filter.range().since().getEpochSecond()
                + ") AND min(ts) < toDateTime(" + filter.range().until().getEpochSecond() + ")"
                + (filter.outcome() == null ? "" : " AND outcome = " + Sql.quote(filter.outcome()))
                + "\nORDER BY min(ts) DESC, id\nLIMIT " + filter.limit();
    }

    public List<CallSummary> list(CallFilter filter) {
        return clickHouse.select(listSql(filter)).stream()
                .map(CallSummaries::summary)
                .toList();
    }

    public Optional<CallSummary> show(String callId) {
        String sql =
                "SELECT\n    " + SUMMARY_COLUMNS + "\nFROM " + Sql.table(clickHouse.database(), "conversation_metrics")
                        + "\nWHERE call_id = " + Sql.quote(callId) + "\nGROUP BY id";
        return clickHouse.select(sql).stream().findFirst().map(CallSummaries::summary);
    }

    /** The summaries of these calls (those with no turn stored are not in the result), by call id. */
    public List<CallSummary> summaries(java.util.Collection<String> callIds) {
        if (callIds.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT\n    " + SUMMARY_COLUMNS + "\nFROM "
                + Sql.table(clickHouse.database(), "conversation_metrics") + "\nWHERE call_id IN ("
                + callIds.stream().map(Sql::quote).collect(Collectors.joining(", ")) + ")\nGROUP BY id ORDER BY id";
        return clickHouse.select(sql).stream().map(CallSummaries::summary).toList();
    }

    public List<CallTurn> turns(String callId) {
        String sql =
                "SELECT turn_index, toUInt64(toUInt32(ts)) * 1000 + ts_ms, stt_ttfb_ms, llm_latency_ms, tts_ttfb_ms,"
                        + " eou_latency_ms, stt_seconds, tts_characters, media_seconds, interruptions, input_tokens, output_tokens,"
                        + " call_outcome, sentiment_score, toString(cost_usd) FROM "
                        + Sql.table(clickHouse.database(), "conversation_metrics")
                        + " WHERE call_id = " + Sql.quote(callId) + " ORDER BY turn_index, ts, ts_ms";
        List<CallTurn> turns = new ArrayList<>();
        for (List<String> r : clickHouse.select(sql)) {
            turns.add(new CallTurn(
                    lng(r.get(0)),
                    Instant.ofEpochMilli(Long.parseLong(r.get(1))),
                    dbl(r.get(2)),
                    dbl(r.get(3)),
                    dbl(r.get(4)),
                    dbl(r.get(5)),
                    dbl(r.get(6)),
                    lng(r.get(7)),
                    dbl(r.get(8)),
                    lng(r.get(9)),
                    lng(r.get(10)),
                    lng(r.get(11)),
                    r.get(12),
                    dbl(r.get(13)),
                    new BigDecimal(r.get(14))));
        }
        return turns;
    }

    private static CallSummary summary(List<String> r) {
        String outcome = r.get(24);
        Double confidence = outcome == null ? null : dbl(r.get(25));
        if (confidence != null && confidence < 0) {
            confidence = null; // the outcome's turn gave no confidence
        }
        List<String> versions = r.get(32).isEmpty()
                ? List.of()
                : Arrays.stream(r.get(32).split(",")).sorted().toList();
        return new CallSummary(
                r.get(0),
                r.get(1),
                r.get(2),
                Instant.ofEpochSecond(Long.parseLong(r.get(3))),
                Instant.ofEpochSecond(Long.parseLong(r.get(4))),
                Long.parseLong(r.get(5)),
                stat(r, 6),
                stat(r, 9),
                stat(r, 12),
                stat(r, 15),
                Long.parseLong(r.get(18)),
                Long.parseLong(r.get(19)),
                Double.parseDouble(r.get(20)),
                Long.parseLong(r.get(21)),
                Double.parseDouble(r.get(22)),
                Long.parseLong(r.get(23)),
                outcome,
                confidence,
                dbl(r.get(26)),
                new BigDecimal(r.get(27)),
                new BigDecimal(r.get(28)),
                new BigDecimal(r.get(29)),
                new BigDecimal(r.get(30)),
                new BigDecimal(r.get(31)),
                versions);
    }

    private static CallSummary.Stat stat(List<String> r, int at) {
        return new CallSummary.Stat(dbl(r.get(at)), dbl(r.get(at + 1)), dbl(r.get(at + 2)));
    }

    private static Double dbl(String text) {
        return text == null || text.equals("nan") ? null : Double.valueOf(text);
    }

    private static Long lng(String text) {
        return text == null ? null : Long.valueOf(text);
    }
}
