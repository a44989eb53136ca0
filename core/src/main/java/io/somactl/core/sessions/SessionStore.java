package io.somactl.core.sessions;

import io.somactl.core.SomactlException;
import io.somactl.core.calls.CallSummary;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The session, escalation and call rows in PostgreSQL (schema named like the ClickHouse database):
 * upserts of whole rows (a session computed again replaces its row), the applied offsets, the locks
 * that keep two writers of one tenant's sessions in order, and the reads of {@code sessions} and
 * {@code escalations}.
 */
public final class SessionStore {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** Which sessions {@code sessions list} shows: tenant and persona (null: any), last event at or after since. */
    public record Filter(String tenant, String persona, Instant since, int limit) {}

    private final Postgres postgres;
    private final String schema;

    public SessionStore(Postgres postgres, String clickHouseDatabase) {
        this.postgres = postgres;
        this.schema = schemaName(clickHouseDatabase);
    }

    /** The Postgres schema of a ClickHouse database: the same name, quoted. */
    public static String schemaName(String database) {
        if (!NAME.matcher(database).matches()) {
            throw new SomactlException("clickhouse.database '" + database + "' cannot name a PostgreSQL schema"
                    + " (letters, digits and _, at most 63, not starting with a digit)");
        }
        return "\"" + database + "\"";
    }

    public Postgres postgres() {
        return postgres;
    }

    /**
     * Holds, until the transaction ends, each tenant's lock (sorted, so two writers never wait on each
     * other in a circle): a writer that computes a tenant's sessions from ClickHouse holds it from before
     * it reads until it commits, so a later writer's reading includes the earlier one's rows.
     */
    void lockTenants(Connection c, Collection<String> tenants) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            for (String tenant : new TreeSet<>(tenants)) {
                p.setString(1, schema + "/" + tenant);
                p.executeQuery().close();
            }
        }
    }

    /** The applied offset of each of these source partitions (-1: none), locked for this transaction. */
    Map<String, Map<Integer, Long>> appliedForUpdate(Connection c, Map<String, Map<Integer, long[]>> ranges)
            throws SQLException {
        Map<String, Map<Integer, Long>> applied = new HashMap<>();
        List<String[]> sorted = new ArrayList<>();
        ranges.forEach((topic, partitions) ->
                partitions.keySet().forEach(p -> sorted.add(new String[] {topic, Integer.toString(p)})));
        sorted.sort((a, b) -> a[0].equals(b[0])
                ? Integer.compare(Integer.parseInt(a[1]), Integer.parseInt(b[1]))
                : a[0].compareTo(b[0]));
        try (PreparedStatement insert =
                        c.prepareStatement("INSERT INTO " + schema + ".applied_offsets (source_topic, source_partition,"
                                + " applied_offset) VALUES (?, ?, -1) ON CONFLICT DO NOTHING");
                PreparedStatement select = c.prepareStatement("SELECT applied_offset FROM " + schema
                        + ".applied_offsets WHERE source_topic = ? AND source_partition = ? FOR UPDATE")) {
            for (String[] tp : sorted) {
                insert.setString(1, tp[0]);
                insert.setInt(2, Integer.parseInt(tp[1]));
                insert.executeUpdate();
                select.setString(1, tp[0]);
                select.setInt(2, Integer.parseInt(tp[1]));
                try (ResultSet r = select.executeQuery()) {
                    r.next();
                    applied.computeIfAbsent(tp[0], t -> new HashMap<>()).put(Integer.parseInt(tp[1]), r.getLong(1));
                }
            }
        }
        return applied;
    }

    void setApplied(Connection c, String topic, int partition, long offset) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE " + schema + ".applied_offsets SET applied_offset = GREATEST(applied_offset, ?),"
                        + " updated_at = now() WHERE source_topic = ? AND source_partition = ?")) {
            p.setLong(1, offset);
            p.setString(2, topic);
            p.setInt(3, partition);
            p.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ replay marks

    /** Holds the mark's advisory lock for the session (a connection that dies lets go of it). */
    void lockMark(Connection c, UUID mark) throws SQLException {
        markLock(c, "pg_advisory_lock", mark);
    }

    /** Takes the mark's advisory lock until the transaction ends, unless a running replay holds it. */
    boolean tryLockMarkForTransaction(Connection c, UUID mark) throws SQLException {
        return markLock(c, "pg_try_advisory_xact_lock", mark);
    }

    void unlockMark(Connection c, UUID mark) throws SQLException {
        markLock(c, "pg_advisory_unlock", mark);
        c.commit();
    }

    private boolean markLock(Connection c, String function, UUID mark) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + function + "(hashtextextended(?, 0))")) {
            p.setString(1, schema + "/replay-mark/" + mark);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                Object result = r.getObject(1);
                return !(result instanceof Boolean b) || b;
            }
        }
    }

    void mark(Connection c, UUID mark, Map<String, Map<Integer, long[]>> ranges) throws SQLException {
        try (PreparedStatement p =
                c.prepareStatement("INSERT INTO " + schema + ".replay_marks (mark, source_topic, source_partition,"
                        + " from_offset, through_offset) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, Map<Integer, long[]>> topic : ranges.entrySet()) {
                for (Map.Entry<Integer, long[]> partition : topic.getValue().entrySet()) {
                    p.setObject(1, mark);
                    p.setString(2, topic.getKey());
                    p.setInt(3, partition.getKey());
                    p.setLong(4, partition.getValue()[0]);
                    p.setLong(5, partition.getValue()[1]);
                    p.addBatch();
                }
            }
            p.executeBatch();
        } catch (SQLException e) {
            throw noMarks(e);
        }
    }

    /** The marks left, oldest first; ends the transaction. */
    List<UUID> marks(Connection c) throws SQLException {
        List<UUID> marks = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                        "SELECT mark FROM " + schema + ".replay_marks GROUP BY mark ORDER BY min(marked_at), mark");
                ResultSet r = p.executeQuery()) {
            while (r.next()) {
                marks.add(r.getObject(1, UUID.class));
            }
        } catch (SQLException e) {
            throw noMarks(e);
        }
        c.commit();
        return marks;
    }

    Map<String, Map<Integer, long[]>> markedRanges(Connection c, UUID mark) throws SQLException {
        Map<String, Map<Integer, long[]>> ranges = new HashMap<>();
        try (PreparedStatement p =
                c.prepareStatement("SELECT source_topic, source_partition, from_offset, through_offset FROM " + schema
                        + ".replay_marks WHERE mark = ?")) {
            p.setObject(1, mark);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    ranges.computeIfAbsent(r.getString(1), t -> new HashMap<>())
                            .put(r.getInt(2), new long[] {r.getLong(3), r.getLong(4)});
                }
            }
        }
        return ranges;
    }

    void deleteMark(Connection c, UUID mark) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM " + schema + ".replay_marks WHERE mark = ?")) {
            p.setObject(1, mark);
            p.executeUpdate();
        }
    }

    private SQLException noMarks(SQLException e) {
        if ("42P01".equals(e.getSQLState())) {
            throw new SomactlException(
                    "PostgreSQL has no table replay_marks in schema " + schema
                            + " (made by V002__replay_marks.sql): run 'somactl schema apply'",
                    e);
        }
        return e;
    }

    /** Replaces these sessions' rows, their escalations' and their calls'. */
    void write(Connection c, SessionComputer.Computed computed) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(
                        "INSERT INTO " + schema + ".sessions (tenant, session_id, persona, first_event_at,"
                                + " last_event_at, events, requests, input_tokens, cached_read_tokens, cached_write_tokens, output_tokens, reasoning_tokens,"
                                + " cost_usd, response_at, response_kinds, response_models, response_costs, models, escalations, escalation_extra_cost_usd,"
                                + " policy_blocks, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())"
                                + " ON CONFLICT (tenant, session_id) DO UPDATE SET persona = EXCLUDED.persona, first_event_at = EXCLUDED.first_event_at,"
                                + " last_event_at = EXCLUDED.last_event_at, events = EXCLUDED.events, requests = EXCLUDED.requests,"
                                + " input_tokens = EXCLUDED.input_tokens, cached_read_tokens = EXCLUDED.cached_read_tokens,"
                                + " cached_write_tokens = EXCLUDED.cached_write_tokens, output_tokens = EXCLUDED.output_tokens,"
                                + " reasoning_tokens = EXCLUDED.reasoning_tokens, cost_usd = EXCLUDED.cost_usd, response_at = EXCLUDED.response_at,"
                                + " response_kinds = EXCLUDED.response_kinds, response_models = EXCLUDED.response_models,"
                                + " response_costs = EXCLUDED.response_costs, models = EXCLUDED.models, escalations = EXCLUDED.escalations,"
                                + " escalation_extra_cost_usd = EXCLUDED.escalation_extra_cost_usd, policy_blocks = EXCLUDED.policy_blocks,"
                                + " updated_at = now()");
                PreparedStatement del = c.prepareStatement(
                        "DELETE FROM " + schema + ".session_escalations WHERE tenant = ? AND session_id = ?");
                PreparedStatement esc = c.prepareStatement(
                        "INSERT INTO " + schema + ".session_escalations (tenant, event_id, session_id,"
                                + " persona, at, request_id, from_model, to_model, input_tokens, output_tokens, reasoning_tokens, cost_usd,"
                                + " replaced_cost_usd, extra_cost_usd) VALUES (?, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (tenant, event_id) DO UPDATE SET session_id = EXCLUDED.session_id, persona = EXCLUDED.persona,"
                                + " at = EXCLUDED.at, request_id = EXCLUDED.request_id, from_model = EXCLUDED.from_model, to_model = EXCLUDED.to_model,"
                                + " input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens,"
                                + " reasoning_tokens = EXCLUDED.reasoning_tokens, cost_usd = EXCLUDED.cost_usd,"
                                + " replaced_cost_usd = EXCLUDED.replaced_cost_usd, extra_cost_usd = EXCLUDED.extra_cost_usd")) {
            for (SessionSummary s : computed.sessions()) {
                int i = 1;
                up.setString(i++, s.tenant());
                up.setString(i++, s.sessionId());
                up.setString(i++, s.persona());
                up.setTimestamp(i++, Timestamp.from(s.firstEventAt()));
                up.setTimestamp(i++, Timestamp.from(s.lastEventAt()));
                up.setLong(i++, s.events());
                up.setLong(i++, s.requests());
                up.setLong(i++, s.inputTokens());
                up.setLong(i++, s.cachedReadTokens());
                up.setLong(i++, s.cachedWriteTokens());
                up.setLong(i++, s.outputTokens());
                up.setLong(i++, s.reasoningTokens());
                up.setBigDecimal(i++, s.costUsd());
                up.setArray(
                        i++,
                        c.createArrayOf(
                                "timestamptz",
                                s.responses().stream()
                                        .map(r -> Timestamp.from(r.at()))
                                        .toArray()));
                up.setArray(
                        i++,
                        c.createArrayOf(
                                "text",
                                s.responses().stream()
                                        .map(SessionSummary.Response::kind)
                                        .toArray()));
                up.setArray(
                        i++,
                        c.createArrayOf(
                                "text",
                                s.responses().stream()
                                        .map(SessionSummary.Response::model)
                                        .toArray()));
                up.setArray(
                        i++,
                        c.createArrayOf(
                                "numeric",
                                s.responses().stream()
                                        .map(SessionSummary.Response::costUsd)
                                        .toArray()));
                up.setArray(i++, c.createArrayOf("text", s.models().toArray()));
                up.setLong(i++, s.escalationCount());
                up.setBigDecimal(i++, s.escalationExtraCostUsd());
                up.setLong(i, s.policyBlocks());
                up.addBatch();
                del.setString(1, s.tenant());
                del.setString(2, s.sessionId());
                del.addBatch();
                for (SessionSummary.Escalation e : s.escalations()) {
                    int j = 1;
                    esc.setString(j++, e.tenant());
                    esc.setString(j++, e.eventId());
                    esc.setString(j++, e.sessionId());
                    esc.setString(j++, e.persona());
                    esc.setTimestamp(j++, Timestamp.from(e.at()));
                    esc.setString(j++, e.requestId());
                    esc.setString(j++, e.fromModel());
                    esc.setString(j++, e.toModel());
                    esc.setLong(j++, e.inputTokens());
                    esc.setLong(j++, e.outputTokens());
                    esc.setLong(j++, e.reasoningTokens());
                    esc.setBigDecimal(j++, e.costUsd());
                    esc.setBigDecimal(j++, e.replacedCostUsd());
                    esc.setBigDecimal(j, e.extraCostUsd());
                    esc.addBatch();
                }
            }
            up.executeBatch();
            del.executeBatch();
            esc.executeBatch();
        }
        try (PreparedStatement call =
                c.prepareStatement("INSERT INTO " + schema + ".call_summaries (call_id, tenant, persona, session_id,"
                        + " started_at, ended_at, turns, input_tokens, output_tokens, stt_seconds, tts_characters, media_seconds, interruptions,"
                        + " outcome, outcome_confidence, sentiment_avg, cost_stt_usd, cost_llm_usd, cost_tts_usd, cost_media_usd, cost_usd,"
                        + " pricing_versions, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())"
                        + " ON CONFLICT (call_id) DO UPDATE SET tenant = EXCLUDED.tenant, persona = EXCLUDED.persona,"
                        + " session_id = EXCLUDED.session_id, started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at,"
                        + " turns = EXCLUDED.turns, input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens,"
                        + " stt_seconds = EXCLUDED.stt_seconds, tts_characters = EXCLUDED.tts_characters, media_seconds = EXCLUDED.media_seconds,"
                        + " interruptions = EXCLUDED.interruptions, outcome = EXCLUDED.outcome, outcome_confidence = EXCLUDED.outcome_confidence,"
                        + " sentiment_avg = EXCLUDED.sentiment_avg, cost_stt_usd = EXCLUDED.cost_stt_usd, cost_llm_usd = EXCLUDED.cost_llm_usd,"
                        + " cost_tts_usd = EXCLUDED.cost_tts_usd, cost_media_usd = EXCLUDED.cost_media_usd, cost_usd = EXCLUDED.cost_usd,"
                        + " pricing_versions = EXCLUDED.pricing_versions, updated_at = now()")) {
            for (CallSummary s : computed.calls()) {
                int i = 1;
                call.setString(i++, s.callId());
                call.setString(i++, s.tenant());
                call.setString(i++, s.persona());
                call.setString(i++, computed.callSessions().getOrDefault(s.callId(), ""));
                call.setTimestamp(i++, Timestamp.from(s.started()));
                call.setTimestamp(i++, Timestamp.from(s.ended()));
                call.setLong(i++, s.turns());
                call.setLong(i++, s.inputTokens());
                call.setLong(i++, s.outputTokens());
                call.setDouble(i++, s.sttSeconds());
                call.setLong(i++, s.ttsCharacters());
                call.setDouble(i++, s.mediaSeconds());
                call.setLong(i++, s.interruptions());
                call.setString(i++, s.outcome());
                call.setObject(i++, s.outcomeConfidence(), java.sql.Types.DOUBLE);
                call.setObject(i++, s.sentimentAvg(), java.sql.Types.DOUBLE);
                call.setBigDecimal(i++, s.costStt());
                call.setBigDecimal(i++, s.costLlm());
                call.setBigDecimal(i++, s.costTts());
                call.setBigDecimal(i++, s.costMedia());
                call.setBigDecimal(i++, s.costTotal());
                call.setArray(i, c.createArrayOf("text", s.pricingVersions().toArray()));
                call.addBatch();
            }
            call.executeBatch();
        }
    }

    // ------------------------------------------------------------------ reads

    private static final String SESSION_COLUMNS =
            "tenant, session_id, persona, first_event_at, last_event_at, events, requests,"
                    + " input_tokens, cached_read_tokens, cached_write_tokens, output_tokens, reasoning_tokens, cost_usd, response_at,"
                    + " response_kinds, response_models, response_costs, models, escalation_extra_cost_usd, policy_blocks, escalations";

    /** Sessions, most recent last event first. */
    public List<SessionSummary> list(Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + SESSION_COLUMNS + " FROM " + schema + ".sessions WHERE true");
        List<Object> args = new ArrayList<>();
        if (filter.tenant() != null) {
            sql.append(" AND tenant = ?");
            args.add(filter.tenant());
        }
        if (filter.persona() != null) {
            sql.append(" AND persona = ?");
            args.add(filter.persona());
        }
        if (filter.since() != null) {
            sql.append(" AND last_event_at >= ?");
            args.add(Timestamp.from(filter.since()));
        }
        sql.append(" ORDER BY last_event_at DESC, tenant, session_id LIMIT ").append(Math.max(0, filter.limit()));
        return query("reading sessions", sql.toString(), args, r -> session(r, List.of()));
    }

    /** One session with its escalations; a session id shared by tenants needs {@code tenant}. */
    public List<SessionSummary> show(String tenant, String sessionId) {
        String sql = "SELECT " + SESSION_COLUMNS + " FROM " + schema + ".sessions WHERE session_id = ?"
                + (tenant == null ? "" : " AND tenant = ?") + " ORDER BY tenant";
        List<Object> args = tenant == null ? List.of(sessionId) : List.of(sessionId, tenant);
        List<SessionSummary> found = new ArrayList<>();
        for (SessionSummary s : query("reading a session", sql, args, r -> session(r, List.of()))) {
            List<SessionSummary.Escalation> escalations =
                    escalations(s.tenant(), s.sessionId(), null, Integer.MAX_VALUE);
            found.add(new SessionSummary(
                    s.tenant(),
                    s.sessionId(),
                    s.persona(),
                    s.firstEventAt(),
                    s.lastEventAt(),
                    s.events(),
                    s.requests(),
                    s.inputTokens(),
                    s.cachedReadTokens(),
                    s.cachedWriteTokens(),
                    s.outputTokens(),
                    s.reasoningTokens(),
                    s.costUsd(),
                    s.responses(),
                    s.models(),
                    escalations,
                    s.escalationCount(),
                    s.escalationExtraCostUsd(),
                    s.policyBlocks()));
        }
        return found;
    }

    /** Escalations, newest first: one tenant's (null: all), one session's (null: all), at or after since (null: any). */
    public List<SessionSummary.Escalation> escalations(String tenant, String sessionId, Instant since, int limit) {
        StringBuilder sql = new StringBuilder(
                "SELECT tenant, event_id::text, session_id, persona, at, request_id, from_model, to_model,"
                        + " input_tokens, output_tokens, reasoning_tokens, cost_usd, replaced_cost_usd, extra_cost_usd FROM "
                        + schema
                        + ".session_escalations WHERE true");
        List<Object> args = new ArrayList<>();
        if (tenant != null) {
            sql.append(" AND tenant = ?");
            args.add(tenant);
        }
        if (sessionId != null) {
            sql.append(" AND session_id = ?");
            args.add(sessionId);
        }
        if (since != null) {
            sql.append(" AND at >= ?");
            args.add(Timestamp.from(since));
        }
        sql.append(sessionId != null ? " ORDER BY at, event_id" : " ORDER BY at DESC, event_id")
                .append(" LIMIT ")
                .append(Math.max(0, limit));
        return query(
                "reading escalations",
                sql.toString(),
                args,
                r -> new SessionSummary.Escalation(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getTimestamp(5).toInstant(),
                        r.getString(6),
                        r.getString(7),
                        r.getString(8),
                        r.getLong(9),
                        r.getLong(10),
                        r.getLong(11),
                        r.getBigDecimal(12),
                        r.getBigDecimal(13),
                        r.getBigDecimal(14)));
    }

    /**
     * For {@code aggregate}: the escalations' extra cost (those known) in the request's range, summed per
     * bucket (its start; the range's start without a grain) and the request's dimensions, as
     * {@code [bucket start, dimension values…]}: tenant, persona, model (the model escalated to, as the
     * escalation rollup has it); role and deployment mode are "" (escalations carry neither).
     */
    public Map<List<String>, BigDecimal> extraCostSums(io.somactl.core.rollup.AggregateRequest request) {
        StringBuilder sql = new StringBuilder(
                "SELECT date_trunc('hour', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', tenant, persona,"
                        + " to_model, sum(extra_cost_usd) FROM " + schema
                        + ".session_escalations WHERE at >= ? AND at < ?"
                        + " AND extra_cost_usd IS NOT NULL");
        List<Object> args = new ArrayList<>(List.of(
                Timestamp.from(request.range().since()),
                Timestamp.from(request.range().until())));
        if (!request.tenants().isEmpty()) {
            sql.append(" AND tenant = ANY (?)");
            args.add(request.tenants().toArray(String[]::new));
        }
        sql.append(" GROUP BY 1, 2, 3, 4");
        Map<List<String>, BigDecimal> sums = new HashMap<>();
        for (Object[] r : query("summing escalations' extra cost", sql.toString(), args, r -> new Object[] {
            r.getTimestamp(1).toInstant(), r.getString(2), r.getString(3), r.getString(4), r.getBigDecimal(5)
        })) {
            Instant hour = (Instant) r[0];
            Instant bucket = request.grain() == null
                    ? request.range().since()
                    : request.grain().floor(hour);
            List<String> key = new ArrayList<>(List.of(bucket.toString()));
            for (io.somactl.core.rollup.Dimension d : request.groupBy()) {
                key.add(
                        switch (d) {
                            case TENANT -> (String) r[1];
                            case PERSONA -> (String) r[2];
                            case MODEL -> (String) r[3];
                            default -> "";
                        });
            }
            sums.merge(key, (BigDecimal) r[4], BigDecimal::add);
        }
        return sums;
    }

    private interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private <T> List<T> query(String doing, String sql, List<Object> args, Row<T> row) {
        try (Connection c = postgres.connect();
                PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof String[] array) {
                    p.setArray(i + 1, c.createArrayOf("text", array));
                } else {
                    p.setObject(i + 1, args.get(i));
                }
            }
            List<T> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(row.read(r));
                }
            }
            c.rollback();
            return out;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                throw new SomactlException(
                        "PostgreSQL has no session tables in schema " + schema + ": run 'somactl schema apply'", e);
            }
            throw postgres.failure(doing, e);
        }
    }

    private static SessionSummary session(ResultSet r, List<SessionSummary.Escalation> escalations)
            throws SQLException {
        Timestamp[] at = (Timestamp[]) r.getArray(14).getArray();
        String[] kinds = (String[]) r.getArray(15).getArray();
        String[] models = (String[]) r.getArray(16).getArray();
        BigDecimal[] costs = (BigDecimal[]) r.getArray(17).getArray();
        List<SessionSummary.Response> responses = new ArrayList<>();
        for (int i = 0; i < at.length; i++) {
            responses.add(new SessionSummary.Response(at[i].toInstant(), kinds[i], models[i], costs[i]));
        }
        Array used = r.getArray(18);
        return new SessionSummary(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getTimestamp(4).toInstant(),
                r.getTimestamp(5).toInstant(),
                r.getLong(6),
                r.getLong(7),
                r.getLong(8),
                r.getLong(9),
                r.getLong(10),
                r.getLong(11),
                r.getLong(12),
                r.getBigDecimal(13),
                responses,
                Arrays.asList((String[]) used.getArray()),
                escalations,
                r.getLong(21),
                r.getBigDecimal(19),
                r.getLong(20));
    }

    /** The session summaries' tables emptied (tests, and before a full {@code sessions rebuild}); offsets kept. */
    public void truncate() {
        try (Connection c = postgres.connect();
                var s = c.createStatement()) {
            s.execute("TRUNCATE " + schema + ".sessions, " + schema + ".session_escalations, " + schema
                    + ".call_summaries");
            c.commit();
        } catch (SQLException e) {
            throw postgres.failure("truncating the session tables", e);
        }
    }
}
