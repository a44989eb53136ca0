package io.somactl.core.sessions;

import io.somactl.core.calls.CallSummaries;
import io.somactl.core.calls.CallSummary;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import io.somactl.core.pricing.EscalationUsage;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.PricingCatalogException;
import io.somactl.core.pricing.UnpricedEventException;
import io.somactl.core.pricing.UsageConvention;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Computes session and call summaries from what ClickHouse holds: always whole sessions from all their
 * rows, never increments, so computing one again gives the same row (what makes the Postgres side
 * exactly once, see {@link PostgresSessionSink}). Money adds up in {@link BigDecimal}, exactly.
 */
public final class SessionComputer {
    /** The six tables with a session_id. */
    static final List<String> TABLES = List.of(
            "slm_metrics",
            "escalation_metrics",
            "conversation_metrics",
            "tool_metrics",
            "audio_metrics",
            "policy_events");

    private static final int CHUNK =
            10_000; // sessions per ClickHouse query: each query costs 50-150 ms whatever its size here

    /** Sessions and the voice calls in them. */
    public record Computed(List<SessionSummary> sessions, List<CallSummary> calls, Map<String, String> callSessions) {}

    private final ClickHouse clickHouse;
    private final Pricer pricer;
    private final CallSummaries calls;

    public SessionComputer(ClickHouse clickHouse, Pricer pricer) {
        this.clickHouse = clickHouse;
        this.pricer = pricer;
        this.calls = new CallSummaries(clickHouse);
    }

    /**
     * The sessions with a row from these source partitions' offset ranges ({@code _topic} to
     * {@code _partition} to {from, through}, inclusive), and per partition the highest offset stored in them.
     */
    public Set<SessionKey> touched(Map<String, Map<Integer, long[]>> ranges, Map<String, Map<Integer, Long>> highest) {
        List<String> conditions = new ArrayList<>();
        ranges.forEach((topic, partitions) -> partitions.forEach((partition, range) -> {
            if (range[0] <= range[1]) {
                conditions.add("(_topic = " + Sql.quote(topic) + " AND _partition = " + partition + " AND _offset >= "
                        + range[0] + (range[1] == Long.MAX_VALUE ? "" : " AND _offset <= " + range[1]) + ")");
            }
        }));
        Set<SessionKey> keys = new TreeSet<>();
        if (conditions.isEmpty()) {
            return keys;
        }
        String where = String.join(" OR ", conditions);
        for (String table : TABLES) {
            for (List<String> r :
                    clickHouse.select("SELECT CAST(tenant AS String), session_id, CAST(_topic AS String), _partition,"
                            + " max(_offset) FROM " + Sql.table(clickHouse.database(), table) + " WHERE " + where
                            + " GROUP BY tenant, session_id, _topic, _partition")) {
                keys.add(new SessionKey(r.get(0), r.get(1)));
                highest.computeIfAbsent(r.get(2), t -> new HashMap<>())
                        .merge(Integer.parseInt(r.get(3)), Long.parseLong(r.get(4)), Math::max);
            }
        }
        return keys;
    }

    /** The sessions with an event at or after {@code since} (any table). */
    public Set<SessionKey> since(Instant since) {
        Set<SessionKey> keys = new TreeSet<>();
        for (String table : TABLES) {
            for (List<String> r : clickHouse.select(
                    "SELECT DISTINCT CAST(tenant AS String), session_id FROM " + Sql.table(clickHouse.database(), table)
                            + " WHERE ts >= toDateTime(" + since.getEpochSecond() + ")")) {
                keys.add(new SessionKey(r.get(0), r.get(1)));
            }
        }
        return keys;
    }

    /** These sessions' summaries and their calls' (sessions with no row left are not in the result). */
    public Computed compute(Collection<SessionKey> keys) {
        List<SessionSummary> sessions = new ArrayList<>();
        List<CallSummary> callRows = new ArrayList<>();
        Map<String, String> callSessions = new HashMap<>();
        List<SessionKey> all = new ArrayList<>(new TreeSet<>(keys));
        for (int i = 0; i < all.size(); i += CHUNK) {
            List<SessionKey> chunk = all.subList(i, Math.min(all.size(), i + CHUNK));
            computeChunk(chunk, sessions, callSessions);
        }
        List<String> callIds = new ArrayList<>(new TreeSet<>(callSessions.keySet()));
        for (int i = 0; i < callIds.size(); i += CHUNK) {
            callRows.addAll(calls.summaries(callIds.subList(i, Math.min(callIds.size(), i + CHUNK))));
        }
        return new Computed(sessions, callRows, callSessions);
    }

    /** What one session gathers while its rows are read. */
    private static final class Acc {
        final SessionKey key;
        String persona;
        long firstMs = Long.MAX_VALUE;
        long lastMs = Long.MIN_VALUE;
        long events;
        long requests;
        long input;
        long cachedRead;
        long cachedWrite;
        long output;
        long reasoning;
        long policyBlocks;
        long personaAtMs = Long.MAX_VALUE;
        final List<Object[]> responses = new ArrayList<>(); // {ms, eventId, kind, model, cost}
        final Map<String, String[]> slmByRequest = new HashMap<>(); // request id -> {model, ms}
        final List<String[]> escalations = new ArrayList<>();

        Acc(SessionKey key) {
            this.key = key;
        }

        void event(long ms, String persona, long count) {
            firstMs = Math.min(firstMs, ms);
            lastMs = Math.max(lastMs, ms);
            events += count;
            if (ms < personaAtMs || (ms == personaAtMs && persona.compareTo(this.persona) < 0)) {
                personaAtMs = ms;
                this.persona = persona;
            }
        }
    }

    private void computeChunk(List<SessionKey> chunk, List<SessionSummary> out, Map<String, String> callSessions) {
        Map<SessionKey, Acc> accs = new TreeMap<>();
        chunk.forEach(k -> accs.put(k, new Acc(k)));
        String ids = chunk.stream()
                .map(SessionKey::sessionId)
                .distinct()
                .map(Sql::quote)
                .collect(Collectors.joining(", "));
        String in = " WHERE session_id IN (" + ids + ")";
        String ms = "toUInt64(toUInt32(ts)) * 1000 + ts_ms";
        for (List<String> r : select("SELECT CAST(tenant AS String), session_id, CAST(persona AS String), " + ms
                + ", toString(event_id), request_id, CAST(model_id AS String), input_tokens, ifNull(cached_input_read_tokens, 0),"
                + " ifNull(cached_input_write_tokens, 0), output_tokens, ifNull(reasoning_tokens, 0), toString(cost_usd)"
                + " FROM " + table("slm_metrics") + in)) {
            Acc a = accs.get(new SessionKey(r.get(0), r.get(1)));
            if (a == null) {
                continue;
            }
            long at = Long.parseLong(r.get(3));
            a.event(at, r.get(2), 1);
            a.requests++;
            a.input += Long.parseLong(r.get(7));
            a.cachedRead += Long.parseLong(r.get(8));
            a.cachedWrite += Long.parseLong(r.get(9));
            a.output += Long.parseLong(r.get(10));
            a.reasoning += Long.parseLong(r.get(11));
            a.responses.add(new Object[] {at, r.get(4), "slm", r.get(6), new BigDecimal(r.get(12))});
            String[] first = a.slmByRequest.get(r.get(5));
            if (first == null
                    || at < Long.parseLong(first[1])
                    || (at == Long.parseLong(first[1]) && r.get(4).compareTo(first[2]) < 0)) {
                a.slmByRequest.put(r.get(5), new String[] {r.get(6), Long.toString(at), r.get(4)});
            }
        }
        for (List<String> r : select("SELECT CAST(tenant AS String), session_id, CAST(persona AS String), " + ms
                + ", toString(event_id), request_id, CAST(oss_model_id AS String), input_tokens, output_tokens,"
                + " ifNull(reasoning_tokens, 0), toString(cost_usd) FROM " + table("escalation_metrics") + in)) {
            Acc a = accs.get(new SessionKey(r.get(0), r.get(1)));
            if (a == null) {
                continue;
            }
            long at = Long.parseLong(r.get(3));
            a.event(at, r.get(2), 1);
            a.requests++;
            a.input += Long.parseLong(r.get(7));
            a.output += Long.parseLong(r.get(8));
            a.reasoning += Long.parseLong(r.get(9));
            a.responses.add(new Object[] {at, r.get(4), "escalation", r.get(6), new BigDecimal(r.get(10))});
            a.escalations.add(new String[] {
                r.get(4), Long.toString(at), r.get(5), r.get(6), r.get(7), r.get(8), r.get(9), r.get(10), r.get(2)
            });
        }
        for (List<String> r : select("SELECT CAST(tenant AS String), session_id, CAST(persona AS String), " + ms
                + ", toString(event_id), call_id, ifNull(input_tokens, 0), ifNull(output_tokens, 0), toString(cost_usd)"
                + " FROM " + table("conversation_metrics") + in)) {
            Acc a = accs.get(new SessionKey(r.get(0), r.get(1)));
            if (a == null) {
                continue;
            }
            long at = Long.parseLong(r.get(3));
            a.event(at, r.get(2), 1);
            if (r.get(5) != null) { // a voice turn: priced
                a.requests++;
                a.input += Long.parseLong(r.get(6));
                a.output += Long.parseLong(r.get(7));
                a.responses.add(new Object[] {at, r.get(4), "voice", "voice", new BigDecimal(r.get(8))});
                callSessions.put(r.get(5), r.get(1));
            }
        }
        for (String table : List.of("tool_metrics", "audio_metrics", "policy_events")) {
            String blocks = table.equals("policy_events") ? "countIf(verdict = 'block')" : "count() * 0";
            for (List<String> r : select("SELECT CAST(tenant AS String), session_id, CAST(argMin(persona, " + ms
                    + ") AS String), min(" + ms + "), max(" + ms + "), count(), " + blocks + " FROM " + table(table)
                    + in + " GROUP BY tenant, session_id")) {
                Acc a = accs.get(new SessionKey(r.get(0), r.get(1)));
                if (a == null) {
                    continue;
                }
                a.event(Long.parseLong(r.get(3)), r.get(2), Long.parseLong(r.get(5)));
                a.lastMs = Math.max(a.lastMs, Long.parseLong(r.get(4)));
                a.policyBlocks += Long.parseLong(r.get(6));
            }
        }
        for (Acc a : accs.values()) {
            if (a.events > 0) {
                out.add(summary(a));
            }
        }
    }

    private SessionSummary summary(Acc a) {
        a.responses.sort(Comparator.<Object[]>comparingLong(x -> (Long) x[0]).thenComparing(x -> (String) x[1]));
        List<SessionSummary.Response> responses = new ArrayList<>();
        BigDecimal cost = BigDecimal.ZERO;
        Set<String> models = new TreeSet<>();
        for (Object[] x : a.responses) {
            BigDecimal c = (BigDecimal) x[4];
            responses.add(
                    new SessionSummary.Response(Instant.ofEpochMilli((Long) x[0]), (String) x[2], (String) x[3], c));
            cost = cost.add(c);
            if (!"voice".equals(x[2])) {
                models.add((String) x[3]);
            }
        }
        List<SessionSummary.Escalation> escalations = new ArrayList<>();
        BigDecimal extraSum = BigDecimal.ZERO;
        a.escalations.sort(
                Comparator.<String[]>comparingLong(x -> Long.parseLong(x[1])).thenComparing(x -> x[0]));
        for (String[] e : a.escalations) {
            Instant at = Instant.ofEpochMilli(Long.parseLong(e[1]));
            long in = Long.parseLong(e[4]);
            long outTokens = Long.parseLong(e[5]);
            long reasoning = Long.parseLong(e[6]);
            BigDecimal escCost = new BigDecimal(e[7]);
            String[] slm = a.slmByRequest.get(e[2]);
            String from = slm == null ? null : slm[0];
            BigDecimal replaced =
                    from == null ? null : replacedCost(a.key.tenant(), from, at, in, outTokens, reasoning);
            BigDecimal extra = replaced == null ? null : escCost.subtract(replaced);
            if (extra != null) {
                extraSum = extraSum.add(extra);
            }
            escalations.add(new SessionSummary.Escalation(
                    a.key.tenant(),
                    e[0],
                    a.key.sessionId(),
                    e[8],
                    at,
                    e[2],
                    from,
                    e[3],
                    in,
                    outTokens,
                    reasoning,
                    escCost,
                    replaced,
                    extra));
        }
        return new SessionSummary(
                a.key.tenant(),
                a.key.sessionId(),
                a.persona,
                Instant.ofEpochMilli(a.firstMs),
                Instant.ofEpochMilli(a.lastMs),
                a.events,
                a.requests,
                a.input,
                a.cachedRead,
                a.cachedWrite,
                a.output,
                a.reasoning,
                cost,
                responses,
                List.copyOf(models),
                escalations,
                escalations.size(),
                extraSum,
                a.policyBlocks);
    }

    /**
     * What the escalation's tokens would have cost on the model it replaced, at the same time, from the same
     * catalog: the stored tokens are disjoint classes (billed plain input, visible output, reasoning), given
     * to the replaced model as its provider counts them (reasoning inside output where its convention says so).
     * Null when that model has no price then.
     */
    BigDecimal replacedCost(String tenant, String model, Instant at, long input, long output, long reasoning) {
        try {
            UsageConvention convention = pricer.convention(model, at);
            long counted = convention.reasoningInsideOutput() ? Math.addExact(output, reasoning) : output;
            return pricer.price(new EscalationUsage(tenant, model, at, input, counted, reasoning))
                    .total();
        } catch (UnpricedEventException | PricingCatalogException e) {
            return null;
        }
    }

    private List<List<String>> select(String sql) {
        return clickHouse.select(sql);
    }

    private String table(String name) {
        return Sql.table(clickHouse.database(), name);
    }
}
