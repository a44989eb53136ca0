package io.somactl.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.clickhouse.ClickHouse;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The check the session tests share: every Postgres session and call total equals what ClickHouse
 * holds for the same events, computed here with plain GROUP BY queries (not the code under test).
 */
public final class SessionTotals {
    private SessionTotals() {}

    /** Returns the number of sessions compared. */
    public static int assertPostgresEqualsClickHouse(ClickHouse ch, PostgresFixture pg) {
        Map<String, Object[]> expected =
                new TreeMap<>(); // events, requests, cost, in, cached r, cached w, out, reasoning, blocks, first, last
        String ms = "toUInt64(toUInt32(ts)) * 1000 + ts_ms";
        add(
                expected,
                ch.select("SELECT tenant, session_id, count(), count(), toString(sum(cost_usd)), sum(input_tokens),"
                        + " sum(ifNull(cached_input_read_tokens, 0)), sum(ifNull(cached_input_write_tokens, 0)), sum(output_tokens),"
                        + " sum(ifNull(reasoning_tokens, 0)), 0, min(" + ms + "), max(" + ms
                        + ") FROM slm_metrics GROUP BY tenant, session_id"));
        add(
                expected,
                ch.select(
                        "SELECT tenant, session_id, count(), count(), toString(sum(cost_usd)), sum(input_tokens), 0, 0,"
                                + " sum(output_tokens), sum(ifNull(reasoning_tokens, 0)), 0, min(" + ms + "), max(" + ms
                                + ")"
                                + " FROM escalation_metrics GROUP BY tenant, session_id"));
        add(
                expected,
                ch.select("SELECT tenant, session_id, count(), countIf(isNotNull(call_id)), toString(sum(cost_usd)),"
                        + " sum(ifNull(input_tokens, 0)), 0, 0, sum(ifNull(output_tokens, 0)), 0, 0, min(" + ms
                        + "), max(" + ms + ")"
                        + " FROM conversation_metrics GROUP BY tenant, session_id"));
        for (String table : List.of("tool_metrics", "audio_metrics", "policy_events")) {
            add(
                    expected,
                    ch.select("SELECT tenant, session_id, count(), 0, '0', 0, 0, 0, 0, 0, "
                            + (table.equals("policy_events") ? "countIf(verdict = 'block')" : "0") + ", min(" + ms
                            + "), max(" + ms + ")"
                            + " FROM " + table + " GROUP BY tenant, session_id"));
        }
        Map<String, Object[]> actual = new TreeMap<>();
        for (List<String> r :
                pg.rows("SELECT tenant, session_id, events, requests, cost_usd, input_tokens, cached_read_tokens,"
                        + " cached_write_tokens, output_tokens, reasoning_tokens, policy_blocks,"
                        + " (extract(epoch FROM first_event_at) * 1000)::bigint, (extract(epoch FROM last_event_at) * 1000)::bigint,"
                        + " cardinality(response_costs), (SELECT coalesce(sum(c), 0) FROM unnest(response_costs) c)"
                        + " FROM ${schema}.sessions")) {
            assertEquals(
                    0,
                    new BigDecimal(r.get(4)).compareTo(new BigDecimal(r.get(14))),
                    "session " + r.get(1) + ": its responses' costs do not add up to its cost");
            assertEquals(r.get(3), r.get(13), "session " + r.get(1) + ": one response cost per request");
            actual.put(r.get(0) + "/" + r.get(1), new Object[] {
                Long.parseLong(r.get(2)),
                Long.parseLong(r.get(3)),
                new BigDecimal(r.get(4)).stripTrailingZeros(),
                Long.parseLong(r.get(5)),
                Long.parseLong(r.get(6)),
                Long.parseLong(r.get(7)),
                Long.parseLong(r.get(8)),
                Long.parseLong(r.get(9)),
                Long.parseLong(r.get(10)),
                Long.parseLong(r.get(11)),
                Long.parseLong(r.get(12))
            });
        }
        assertEquals(expected.keySet(), actual.keySet(), "Postgres should have one row per session ClickHouse holds");
        String[] names = {
            "events",
            "requests",
            "cost",
            "input",
            "cached read",
            "cached write",
            "output",
            "reasoning",
            "policy blocks",
            "first event",
            "last event"
        };
        expected.forEach((key, e) -> {
            Object[] a = actual.get(key);
            for (int i = 0; i < names.length; i++) {
                assertEquals(String.valueOf(e[i]), String.valueOf(a[i]), key + ": " + names[i]);
            }
        });
        // calls: turns, tokens and exact cost per call
        Map<String, String> calls = new TreeMap<>();
        for (List<String> r : ch.select("SELECT assumeNotNull(call_id), count(), sum(ifNull(input_tokens, 0)),"
                + " sum(ifNull(output_tokens, 0)), toString(sum(cost_usd)), toString(sum(cost_stt_usd)) FROM conversation_metrics"
                + " WHERE isNotNull(call_id) GROUP BY call_id")) {
            calls.put(
                    r.get(0),
                    r.get(1) + " " + r.get(2) + " " + r.get(3) + " " + new BigDecimal(r.get(4)).stripTrailingZeros()
                            + " " + new BigDecimal(r.get(5)).stripTrailingZeros());
        }
        Map<String, String> pgCalls = new TreeMap<>();
        for (List<String> r : pg.rows(
                "SELECT call_id, turns, input_tokens, output_tokens, cost_usd, cost_stt_usd FROM ${schema}.call_summaries")) {
            pgCalls.put(
                    r.get(0),
                    r.get(1) + " " + r.get(2) + " " + r.get(3) + " " + new BigDecimal(r.get(4)).stripTrailingZeros()
                            + " " + new BigDecimal(r.get(5)).stripTrailingZeros());
        }
        assertEquals(calls, pgCalls, "Postgres call rows should equal ClickHouse's calls");
        // escalations: one row per escalation event, its cost as stored
        assertEquals(
                ch.select("SELECT count(), toString(sum(cost_usd)) FROM escalation_metrics")
                        .get(0)
                        .get(0),
                pg.rows("SELECT count(*) FROM ${schema}.session_escalations")
                        .get(0)
                        .get(0),
                "one escalation row per event");
        assertTrue(!expected.isEmpty(), "nothing was compared");
        return expected.size();
    }

    private static void add(Map<String, Object[]> into, List<List<String>> rows) {
        for (List<String> r : rows) {
            Object[] sum = into.computeIfAbsent(r.get(0) + "/" + r.get(1), k ->
                    new Object[] {0L, 0L, BigDecimal.ZERO, 0L, 0L, 0L, 0L, 0L, 0L, Long.MAX_VALUE, Long.MIN_VALUE});
            for (int i = 0; i < 11; i++) {
                String v = r.get(i + 2);
                if (i == 2) {
                    sum[i] = ((BigDecimal) sum[i]).add(new BigDecimal(v)).stripTrailingZeros();
                } else if (i == 9) {
                    sum[i] = Math.min((Long) sum[i], Long.parseLong(v));
                } else if (i == 10) {
                    sum[i] = Math.max((Long) sum[i], Long.parseLong(v));
                } else {
                    sum[i] = (Long) sum[i] + Long.parseLong(v);
                }
            }
        }
    }

    /** Every session, escalation and call row with all their columns but updated_at, in key order (floats to 6 decimals). */
    public static List<List<String>> snapshot(PostgresFixture pg) {
        List<List<String>> all = new java.util.ArrayList<>();
        all.addAll(pg.rows(
                "SELECT tenant, session_id, persona, first_event_at, last_event_at, events, requests, input_tokens,"
                        + " cached_read_tokens, cached_write_tokens, output_tokens, reasoning_tokens, cost_usd, response_at, response_kinds,"
                        + " response_models, response_costs, models, escalations, escalation_extra_cost_usd, policy_blocks"
                        + " FROM ${schema}.sessions ORDER BY tenant, session_id"));
        all.addAll(pg.rows(
                "SELECT tenant, event_id, session_id, persona, at, request_id, from_model, to_model, input_tokens,"
                        + " output_tokens, reasoning_tokens, cost_usd, replaced_cost_usd, extra_cost_usd FROM ${schema}.session_escalations"
                        + " ORDER BY tenant, event_id"));
        // Float sums and averages (seconds, sentiment) depend on the order ClickHouse adds them in, which
        // changes as parts merge: compared to 6 decimals (as calls' are elsewhere); money and counts exactly.
        all.addAll(pg.rows(
                "SELECT call_id, tenant, persona, session_id, started_at, ended_at, turns, input_tokens, output_tokens,"
                        + " round(stt_seconds::numeric, 6), tts_characters, round(media_seconds::numeric, 6), interruptions, outcome,"
                        + " outcome_confidence, round(sentiment_avg::numeric, 6),"
                        + " cost_stt_usd, cost_llm_usd, cost_tts_usd, cost_media_usd, cost_usd, pricing_versions FROM ${schema}.call_summaries"
                        + " ORDER BY call_id"));
        return all;
    }
}
