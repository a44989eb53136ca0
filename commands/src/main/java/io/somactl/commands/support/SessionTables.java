package io.somactl.commands.support;

import io.somactl.core.pricing.Money;
import io.somactl.core.sessions.SessionSummary;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How sessions and escalations look: compact tables for people (cents), every field exact for scripts. */
public final class SessionTables {
    private SessionTables() {}

    public static Table list(List<SessionSummary> sessions, OutputFormat format) {
        if (format == OutputFormat.table) {
            Table table = Table.withColumns(
                    "session_id",
                    "tenant",
                    "persona",
                    "first_event",
                    "last_event",
                    "requests",
                    "tokens",
                    "cost",
                    "escalations",
                    "extra_cost",
                    "policy_blocks");
            for (SessionSummary s : sessions) {
                table.row(
                        s.sessionId(),
                        s.tenant(),
                        s.persona(),
                        s.firstEventAt().toString(),
                        s.lastEventAt().toString(),
                        s.requests(),
                        s.totalTokens(),
                        Money.format(s.costUsd()),
                        s.escalationCount(),
                        extra(s.escalationExtraCostUsd()),
                        s.policyBlocks());
            }
            return table;
        }
        Table table = Table.withColumns(
                fields(sessions.isEmpty() ? null : sessions.get(0)).keySet().toArray(String[]::new));
        sessions.forEach(s -> table.row(fields(s).values().toArray()));
        return table;
    }

    public static Table details(SessionSummary s) {
        Table table = Table.withColumns("field", "value");
        fields(s)
                .forEach((name, value) -> table.row(
                        name,
                        value instanceof BigDecimal d ? d.toPlainString() + "  (" + Money.format(d) + ")" : value));
        return table;
    }

    /** The session's responses in order, with their cost and the running total. */
    public static Table responses(SessionSummary s) {
        Table table = Table.withColumns("n", "at", "kind", "model", "cost", "cumulative", "cost_usd");
        BigDecimal sum = BigDecimal.ZERO;
        int n = 1;
        for (SessionSummary.Response r : s.responses()) {
            sum = sum.add(r.costUsd());
            table.row(
                    n++,
                    r.at().toString(),
                    r.kind(),
                    r.model(),
                    Money.format(r.costUsd()),
                    Money.format(sum),
                    r.costUsd().toPlainString());
        }
        return table;
    }

    public static Table escalations(List<SessionSummary.Escalation> escalations, OutputFormat format) {
        if (format == OutputFormat.table) {
            Table table = Table.withColumns(
                    "at",
                    "tenant",
                    "session_id",
                    "request_id",
                    "from_model",
                    "to_model",
                    "tokens",
                    "cost",
                    "extra_cost");
            for (SessionSummary.Escalation e : escalations) {
                table.row(
                        e.at().toString(),
                        e.tenant(),
                        e.sessionId(),
                        e.requestId(),
                        e.fromModel() == null ? "-" : e.fromModel(),
                        e.toModel(),
                        e.inputTokens() + e.outputTokens() + e.reasoningTokens(),
                        Money.format(e.costUsd()),
                        extra(e.extraCostUsd()));
            }
            return table;
        }
        Table table = Table.withColumns(
                "at",
                "tenant",
                "event_id",
                "session_id",
                "persona",
                "request_id",
                "from_model",
                "to_model",
                "input_tokens",
                "output_tokens",
                "reasoning_tokens",
                "cost_usd",
                "replaced_cost_usd",
                "extra_cost_usd");
        for (SessionSummary.Escalation e : escalations) {
            table.row(
                    e.at().toString(),
                    e.tenant(),
                    e.eventId(),
                    e.sessionId(),
                    e.persona(),
                    e.requestId(),
                    e.fromModel(),
                    e.toModel(),
                    e.inputTokens(),
                    e.outputTokens(),
                    e.reasoningTokens(),
                    e.costUsd(),
                    e.replacedCostUsd(),
                    e.extraCostUsd());
        }
        return table;
    }

    /** {@code +$0.12} (or {@code -$0.03} when the escalation was the cheaper), {@code -} when unknown. */
    public static String extra(BigDecimal amount) {
        if (amount == null) {
            return "-";
        }
        String text = Money.format(amount);
        return text.startsWith("-") ? text : "+" + text;
    }

    private static Map<String, Object> fields(SessionSummary s) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("session_id", s == null ? null : s.sessionId());
        if (s == null) {
            return f;
        }
        f.put("tenant", s.tenant());
        f.put("persona", s.persona());
        f.put("first_event_at", s.firstEventAt().toString());
        f.put("last_event_at", s.lastEventAt().toString());
        f.put("events", s.events());
        f.put("requests", s.requests());
        f.put("input_tokens", s.inputTokens());
        f.put("cached_read_tokens", s.cachedReadTokens());
        f.put("cached_write_tokens", s.cachedWriteTokens());
        f.put("output_tokens", s.outputTokens());
        f.put("reasoning_tokens", s.reasoningTokens());
        f.put("total_tokens", s.totalTokens());
        f.put("cost_usd", s.costUsd());
        f.put(
                "response_costs_usd",
                String.join(
                        " ",
                        s.responses().stream()
                                .map(r -> r.costUsd().toPlainString())
                                .toList()));
        f.put("models", String.join(" ", s.models()));
        f.put("escalations", s.escalationCount());
        f.put("escalation_extra_cost_usd", s.escalationExtraCostUsd());
        f.put("policy_blocks", s.policyBlocks());
        return f;
    }
}
