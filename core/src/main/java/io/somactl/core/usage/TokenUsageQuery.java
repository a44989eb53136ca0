package io.somactl.core.usage;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Token usage over a period from ClickHouse, grouped by tenant, persona, model, hour or day: the
 * {@code /v1/telemetry/tokens} view. Counts what budgets count: SLM calls (model_id), escalations
 * (oss_model_id) and voice turns (model {@code voice}); total tokens as ingest counts them (cached
 * and reasoning tokens included).
 */
public final class TokenUsageQuery {
    /** What rows can be grouped by. */
    public enum Dimension {
        TENANT("tenant"),
        PERSONA("persona"),
        MODEL("model"),
        HOUR("toStartOfHour(ts)"),
        DAY("toDate(ts)");

        private final String expression;

        Dimension(String expression) {
            this.expression = expression;
        }

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Dimension parse(String name) {
            return Arrays.stream(values())
                    .filter(d -> d.cliName().equals(name.strip().toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "cannot group by " + io.somactl.core.text.Printable.quote(name) + "; use any of: "
                                    + String.join(
                                            ", ",
                                            Arrays.stream(values())
                                                    .map(Dimension::cliName)
                                                    .toList())));
        }
    }

    // CAST, not toString: on 18.16 toString keeps LowCardinality, and UNION ALL finds no common type with 'voice'.

    /** One group: its dimension values (in the order asked) and sums. */
    public record Row(
            List<String> groups,
            long requests,
            long inputTokens,
            long outputTokens,
            long totalTokens,
            BigDecimal costUsd) {}

    private final ClickHouse clickHouse;

    public TokenUsageQuery(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** Sums over {@code [since, until)}, biggest total first; {@code tenant} and {@code persona} filter when not null. */
    public List<Row> query(Instant since, Instant until, List<Dimension> groupBy, String tenant, String persona) {
        if (!until.isAfter(since)) {
            throw new IllegalArgumentException("--until (" + until + ") must be after --since (" + since + ")");
        }
        String filter =
                " ts >= toDateTime(" + since.getEpochSecond() + ") AND ts < toDateTime(" + until.getEpochSecond() + ")"
                        + (tenant == null ? "" : " AND tenant = " + Sql.quote(tenant))
                        + (persona == null ? "" : " AND persona = " + Sql.quote(persona));
        String db = clickHouse.database();
        String rows =
                "SELECT ts, CAST(tenant AS String) AS tenant, CAST(persona AS String) AS persona, CAST(model_id AS String) AS model,"
                        + " toUInt64(input_tokens) AS i, toUInt64(output_tokens) AS o,"
                        + " toUInt64(input_tokens + ifNull(cached_input_read_tokens, 0) + ifNull(cached_input_write_tokens, 0)"
                        + " + output_tokens + ifNull(reasoning_tokens, 0)) AS t, cost_usd AS c FROM "
                        + Sql.table(db, "slm_metrics")
                        + " WHERE" + filter
                        + " UNION ALL SELECT ts, CAST(tenant AS String), CAST(persona AS String), CAST(oss_model_id AS String), toUInt64(input_tokens),"
                        + " toUInt64(output_tokens), toUInt64(input_tokens + output_tokens + ifNull(reasoning_tokens, 0)), cost_usd FROM "
                        + Sql.table(db, "escalation_metrics") + " WHERE" + filter
                        + " UNION ALL SELECT ts, CAST(tenant AS String), CAST(persona AS String), 'voice', toUInt64(ifNull(input_tokens, 0)),"
                        + " toUInt64(ifNull(output_tokens, 0)), toUInt64(ifNull(input_tokens, 0) + ifNull(output_tokens, 0)), cost_usd FROM "
                        + Sql.table(db, "conversation_metrics") + " WHERE channel = 'voice' AND" + filter;
        List<String> selected = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < groupBy.size(); i++) {
            Dimension dimension = groupBy.get(i);
            String alias = "g" + i;
            selected.add(
                    switch (dimension) {
                        case HOUR -> "toUnixTimestamp(toStartOfHour(ts)) AS " + alias;
                        default -> "toString(" + dimension.expression + ") AS " + alias;
                    });
            keys.add(alias);
        }
        String sql = "SELECT " + (selected.isEmpty() ? "" : String.join(", ", selected) + ", ")
                + "count(), sum(i), sum(o), sum(t), toString(sum(c)) FROM (" + rows + ")"
                + (keys.isEmpty() ? "" : " GROUP BY " + String.join(", ", keys))
                + " ORDER BY sum(t) DESC" + (keys.isEmpty() ? "" : ", " + String.join(", ", keys));
        List<Row> result = new ArrayList<>();
        for (List<String> row : clickHouse.select(sql)) {
            List<String> groups = new ArrayList<>();
            for (int i = 0; i < groupBy.size(); i++) {
                groups.add(
                        groupBy.get(i) == Dimension.HOUR
                                ? Instant.ofEpochSecond(Long.parseLong(row.get(i)))
                                        .toString()
                                : row.get(i));
            }
            int at = groupBy.size();
            if (Long.parseLong(row.get(at)) == 0) {
                continue;
            }
            result.add(new Row(
                    groups,
                    Long.parseLong(row.get(at)),
                    Long.parseLong(row.get(at + 1)),
                    Long.parseLong(row.get(at + 2)),
                    Long.parseLong(row.get(at + 3)),
                    new BigDecimal(row.get(at + 4))));
        }
        return result;
    }
}
