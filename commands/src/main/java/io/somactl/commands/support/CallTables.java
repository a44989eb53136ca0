package io.somactl.commands.support;

import io.somactl.core.calls.CallSummary;
import io.somactl.core.calls.CallTurn;
import io.somactl.core.pricing.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How calls look: a compact table for people, every field for scripts, a field list and turns for one call. */
public final class CallTables {
    private CallTables() {}

    public static Table list(List<CallSummary> calls, OutputFormat format) {
        if (format == OutputFormat.table) {
            Table table = Table.withColumns(
                    "call_id",
                    "tenant",
                    "started",
                    "turns",
                    "outcome",
                    "stt_ttfb_ms",
                    "llm_ms",
                    "tts_ttfb_ms",
                    "eou_ms",
                    "interrupts",
                    "tokens",
                    "media_s",
                    "sentiment",
                    "cost");
            for (CallSummary c : calls) {
                table.row(
                        c.callId(),
                        c.tenant(),
                        c.started().toString(),
                        c.turns(),
                        outcome(c),
                        ms(c.sttTtfbMs().avg()),
                        ms(c.llmLatencyMs().avg()),
                        ms(c.ttsTtfbMs().avg()),
                        ms(c.eouLatencyMs().avg()),
                        c.interruptions(),
                        c.totalTokens(),
                        num(c.mediaSeconds(), "%.1f"),
                        num(c.sentimentAvg(), "%.2f"),
                        Money.format(c.costTotal()));
            }
            return table;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        calls.forEach(c -> rows.add(fields(c)));
        Table table = Table.withColumns(
                rows.isEmpty() ? fieldNames() : rows.get(0).keySet().toArray(String[]::new));
        rows.forEach(r -> table.row(r.values().toArray()));
        return table;
    }

    public static Table details(CallSummary c) {
        Table table = Table.withColumns("field", "value");
        fields(c)
                .forEach((name, value) -> table.row(
                        name,
                        value instanceof BigDecimal d ? d.toPlainString() + "  (" + Money.format(d) + ")" : value));
        return table;
    }

    public static Table turns(List<CallTurn> turns) {
        Table table = Table.withColumns(
                "turn",
                "ts",
                "stt_ttfb_ms",
                "llm_ms",
                "tts_ttfb_ms",
                "eou_ms",
                "stt_s",
                "tts_chars",
                "media_s",
                "interrupts",
                "in_tokens",
                "out_tokens",
                "outcome",
                "sentiment",
                "cost_usd");
        for (CallTurn t : turns) {
            table.row(
                    t.turnIndex(),
                    t.ts().toString(),
                    ms(t.sttTtfbMs()),
                    ms(t.llmLatencyMs()),
                    ms(t.ttsTtfbMs()),
                    ms(t.eouLatencyMs()),
                    num(t.sttSeconds(), "%.2f"),
                    t.ttsCharacters(),
                    num(t.mediaSeconds(), "%.2f"),
                    t.interruptions(),
                    t.inputTokens(),
                    t.outputTokens(),
                    t.outcome(),
                    num(t.sentiment(), "%.2f"),
                    t.costUsd().toPlainString());
        }
        return table;
    }

    private static String[] fieldNames() {
        return new String[] {"call_id"};
    }

    private static Map<String, Object> fields(CallSummary c) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("call_id", c.callId());
        f.put("tenant", c.tenant());
        f.put("persona", c.persona());
        f.put("started", c.started().toString());
        f.put("ended", c.ended().toString());
        f.put("turns", c.turns());
        stat(f, "stt_ttfb_ms", c.sttTtfbMs());
        stat(f, "llm_latency_ms", c.llmLatencyMs());
        stat(f, "tts_ttfb_ms", c.ttsTtfbMs());
        stat(f, "eou_latency_ms", c.eouLatencyMs());
        f.put("input_tokens", c.inputTokens());
        f.put("output_tokens", c.outputTokens());
        f.put("total_tokens", c.totalTokens());
        f.put("stt_seconds", round(c.sttSeconds(), 3));
        f.put("tts_characters", c.ttsCharacters());
        f.put("media_seconds", round(c.mediaSeconds(), 3));
        f.put("interruptions", c.interruptions());
        f.put("interruption_rate", round(c.interruptionRate(), 4));
        f.put("outcome", c.outcome());
        f.put("outcome_confidence", c.outcomeConfidence());
        f.put("sentiment_avg", c.sentimentAvg() == null ? null : round(c.sentimentAvg(), 4));
        f.put("cost_stt_usd", c.costStt());
        f.put("cost_llm_usd", c.costLlm());
        f.put("cost_tts_usd", c.costTts());
        f.put("cost_media_usd", c.costMedia());
        f.put("cost_usd", c.costTotal());
        f.put("pricing_versions", String.join(" ", c.pricingVersions()));
        return f;
    }

    private static void stat(Map<String, Object> f, String name, CallSummary.Stat stat) {
        f.put(name + "_avg", stat.avg() == null ? null : round(stat.avg(), 3));
        f.put(name + "_min", stat.min());
        f.put(name + "_max", stat.max());
    }

    private static Double round(double value, int places) {
        return BigDecimal.valueOf(value)
                .setScale(places, java.math.RoundingMode.HALF_EVEN)
                .doubleValue();
    }

    private static String outcome(CallSummary c) {
        if (c.outcome() == null) {
            return "-";
        }
        return c.outcomeConfidence() == null
                ? c.outcome()
                : c.outcome() + String.format(Locale.ROOT, " (%.0f%%)", c.outcomeConfidence() * 100);
    }

    private static String ms(Double value) {
        return num(value, "%.1f");
    }

    private static String num(Double value, String pattern) {
        return value == null ? "-" : String.format(Locale.ROOT, pattern, value);
    }
}
