package io.somactl.core.scoring;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.somactl.core.ServerUnreachableException;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes rankings and flags: the JSON text to its Redis key, the rows to ClickHouse's history
 * (migration V005). A key is only replaced by a ranking whose window ends no earlier than the one it
 * holds, so a late cron run for an old window never hides a newer ranking from routers.
 */
public final class ScoreStore {
    static final String SCORES_TABLE = "model_scores";
    static final String FLAGS_TABLE = "anomaly_flags";
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    /** KEYS[1] the key; ARGV[1] the JSON, ARGV[2] its window's end. 1 when written, 0 when a newer window is there. */
    private static final String SET_IF_NOT_OLDER = """
            local current = redis.call('GET', KEYS[1])
            if current then
              local ok, doc = pcall(cjson.decode, current)
              if ok and type(doc) == 'table' and type(doc['window']) == 'table'
                  and type(doc['window']['until']) == 'string' and doc['window']['until'] > ARGV[2] then
                return 0
              end
            end
            redis.call('SET', KEYS[1], ARGV[1])
            return 1
            """;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final ScoreKeys keys;
    private final ClickHouse clickHouse;
    private final Duration timeout;
    private final String redisAddress;

    public ScoreStore(
            RedisClusterAsyncCommands<String, String> redis,
            String redisAddress,
            ScoreKeys keys,
            ClickHouse clickHouse,
            Duration timeout) {
        this.redis = redis;
        this.redisAddress = redisAddress;
        this.keys = keys;
        this.clickHouse = clickHouse;
        this.timeout = timeout;
    }

    /** Writes the ranking's JSON to its key unless the key holds a later window; true when written. */
    public boolean publish(Ranking ranking, String json) {
        String key = keys.ranking(ranking.scopeDimension(), ranking.scopeValue());
        Long written = await(redis.eval(
                SET_IF_NOT_OLDER,
                ScriptOutputType.INTEGER,
                new String[] {key},
                json,
                ranking.until().toString()));
        return written != null && written == 1L;
    }

    public String read(String dimension, String value) {
        return await(redis.get(keys.ranking(dimension, value)));
    }

    public boolean publishAnomalies(Instant until, String json) {
        Long written = await(redis.eval(
                SET_IF_NOT_OLDER, ScriptOutputType.INTEGER, new String[] {keys.anomalies()}, json, until.toString()));
        return written != null && written == 1L;
    }

    public String readAnomalies() {
        return await(redis.get(keys.anomalies()));
    }

    /** Appends the rankings' rows to {@code model_scores}; the same window again replaces them. */
    public void append(List<Ranking> rankings) {
        StringBuilder rows = new StringBuilder();
        for (Ranking r : rankings) {
            ObjectNode weights = JSON.createObjectNode();
            r.weights().all().forEach((c, w) -> weights.put(c.key(), RankingJson.six(w)));
            for (Ranking.Entry e : r.ranked()) {
                ObjectNode components = JSON.createObjectNode();
                e.components().forEach((c, p) -> {
                    ObjectNode part = components.putObject(c.key());
                    part.put("raw", p.raw());
                    part.put("normalized", RankingJson.six(p.normalized()));
                    part.put("weight", RankingJson.six(p.weight()));
                });
                rows.append(row(r, e.model(), e.rank(), e.score(), e.requests(), components.toString(), "", weights))
                        .append('\n');
            }
            for (Ranking.Unranked u : r.unranked()) {
                rows.append(row(r, u.model(), 0, java.math.BigDecimal.ZERO, u.requests(), "", u.reason(), weights))
                        .append('\n');
            }
        }
        if (!rows.isEmpty()) {
            insert(SCORES_TABLE, rows);
        }
    }

    private static ObjectNode row(
            Ranking r,
            String model,
            int rank,
            java.math.BigDecimal score,
            long requests,
            String components,
            String reason,
            ObjectNode weights) {
        ObjectNode row = JSON.createObjectNode();
        row.put("window_start", r.since().getEpochSecond());
        row.put("window_end", r.until().getEpochSecond());
        row.put("dimension", r.scopeDimension());
        row.put("scope_value", r.scopeValue());
        row.put("model", model);
        row.put("rank", rank);
        row.put("score", score);
        row.put("requests", requests);
        row.put("components", components);
        row.put("reason", reason);
        row.put("weights", weights.toString());
        row.put("min_requests", r.minRequests());
        row.put("computed_at", r.computedAt().getEpochSecond());
        return row;
    }

    /** One past ranking of a model. */
    public record HistoryRow(
            Instant windowStart,
            Instant windowEnd,
            String scope,
            int rank,
            String score,
            long requests,
            String reason,
            Instant computedAt) {}

    /** How a model's rank moved: one row per stored window and scope, oldest first. */
    public List<HistoryRow> history(String model, String dimension, String value, int limit) {
        String where = " WHERE model = " + Sql.quote(model)
                + (dimension == null
                        ? ""
                        : " AND dimension = " + Sql.quote(dimension) + " AND scope_value = " + Sql.quote(value));
        String sql = "SELECT toUnixTimestamp(window_start), toUnixTimestamp(window_end), dimension, scope_value, rank,"
                + " toString(score), requests, reason, toUnixTimestamp(computed_at) FROM "
                + Sql.table(clickHouse.database(), SCORES_TABLE) + " FINAL" + where
                + " ORDER BY window_end DESC, dimension, scope_value LIMIT " + Math.max(1, limit);
        List<HistoryRow> out = new ArrayList<>();
        for (List<String> r : clickHouse.select(sql)) {
            String scope = r.get(2).equals("global") ? "global" : r.get(2) + "=" + r.get(3);
            out.add(new HistoryRow(
                    Instant.ofEpochSecond(Long.parseLong(r.get(0))),
                    Instant.ofEpochSecond(Long.parseLong(r.get(1))),
                    scope,
                    Integer.parseInt(r.get(4)),
                    r.get(5),
                    Long.parseLong(r.get(6)),
                    r.get(7),
                    Instant.ofEpochSecond(Long.parseLong(r.get(8)))));
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** Appends flags to {@code anomaly_flags}. */
    public void appendFlags(List<AnomalyReport.Flag> flags, double threshold, Instant computedAt) {
        StringBuilder rows = new StringBuilder();
        for (AnomalyReport.Flag f : flags) {
            ObjectNode row = JSON.createObjectNode();
            row.put("hour", f.judgement().hour().getEpochSecond());
            row.put("subject_kind", f.subjectKind());
            row.put("subject", f.subject());
            row.put("metric", f.metric().key());
            row.put("value", f.judgement().value());
            row.put("median", f.judgement().median());
            row.put("scale", f.judgement().scale());
            row.put("z", Double.isFinite(f.judgement().z()) ? f.judgement().z() : Double.MAX_VALUE);
            row.put("baseline_hours", f.judgement().baselineHours());
            row.put("events", f.judgement().count());
            row.put("threshold", threshold);
            row.put("computed_at", computedAt.getEpochSecond());
            rows.append(row).append('\n');
        }
        if (!rows.isEmpty()) {
            insert(FLAGS_TABLE, rows);
        }
    }

    private void insert(String table, CharSequence rows) {
        try {
            clickHouse.insert(table, List.of(), "JSONEachRow", rows.toString().getBytes(StandardCharsets.UTF_8));
        } catch (io.somactl.core.clickhouse.ClickHouseException e) {
            if (e.code() == io.somactl.core.clickhouse.ClickHouseException.UNKNOWN_TABLE
                    || e.code() == io.somactl.core.clickhouse.ClickHouseException.UNKNOWN_DATABASE) {
                throw new io.somactl.core.SomactlException(
                        "ClickHouse has no table " + clickHouse.database() + "." + table
                                + " for the history: run 'somactl schema apply' (migration V005), or pass --no-publish",
                        e);
            }
            throw e;
        }
    }

    private <T> T await(RedisFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ServerUnreachableException("Redis", redisAddress, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof io.lettuce.core.RedisCommandTimeoutException
                    || cause instanceof io.lettuce.core.RedisConnectionException) {
                throw new ServerUnreachableException("Redis", redisAddress, cause);
            }
            throw new io.somactl.core.SomactlException("Redis refused a score command: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.somactl.core.SomactlException("interrupted while waiting for Redis", e);
        }
    }
}
