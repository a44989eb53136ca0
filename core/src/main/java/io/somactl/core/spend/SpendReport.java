package io.somactl.core.spend;

import io.somactl.core.clickhouse.ClickHouse;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Spend over a period from the priced rows in ClickHouse (model usage, escalations, voice turns),
 * grouped by tenant, persona or model, most expensive first. Costs are summed exactly.
 */
public final class SpendReport {
    public enum GroupBy {
        TENANT,
        PERSONA,
        MODEL
    }

    private final ClickHouse clickHouse;

    public SpendReport(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    public List<SpendRow> spend(GroupBy groupBy, Instant since, Instant until) {
        String rows = rows(since, until);
        String key = groupBy.name().toLowerCase(Locale.ROOT);
        String sql = "SELECT " + key + ", count(), sum(i), sum(o), toString(sum(c)) AS cost FROM (" + rows
                + ") GROUP BY " + key + " ORDER BY sum(c) DESC, " + key;
        List<SpendRow> result = new ArrayList<>();
        for (List<String> row : clickHouse.select(sql)) {
            result.add(new SpendRow(
                    row.get(0),
                    Long.parseLong(row.get(1)),
                    Long.parseLong(row.get(2)),
                    Long.parseLong(row.get(3)),
                    new BigDecimal(row.get(4))));
        }
        return result;
    }

    /**
     * Spend over a period by two keys at once (tenant and model, tenant and persona), most expensive first:
     * the same priced rows as {@link #spend}, so each outer group's cells add up to its {@code spend} row.
     */
    public List<SpendCell> spend(GroupBy outer, GroupBy inner, Instant since, Instant until) {
        if (outer == inner) {
            throw new IllegalArgumentException("group by two different keys, not " + outer + " twice");
        }
        String a = outer.name().toLowerCase(Locale.ROOT);
        String b = inner.name().toLowerCase(Locale.ROOT);
        String sql = "SELECT " + a + ", " + b + ", count(), sum(i), sum(o), toString(sum(c)) AS cost FROM ("
                + rows(since, until) + ") GROUP BY " + a + ", " + b + " ORDER BY sum(c) DESC, " + a + ", " + b;
        List<SpendCell> result = new ArrayList<>();
        for (List<String> row : clickHouse.select(sql)) {
            result.add(new SpendCell(
                    row.get(0),
                    row.get(1),
                    Long.parseLong(row.get(2)),
                    Long.parseLong(row.get(3)),
                    Long.parseLong(row.get(4)),
                    new BigDecimal(row.get(5))));
        }
        return result;
    }

    /** Every priced row in {@code [since, until)}: tenant, persona, model, i(nput), o(utput), c(ost). */
    private static String rows(Instant since, Instant until) {
        String window = " WHERE ts >= toDateTime(" + since.getEpochSecond() + ") AND ts < toDateTime("
                + until.getEpochSecond() + ")";
        // 18.16 finds no common type for LowCardinality(String) and String in UNION ALL: cast to String.
        return "SELECT CAST(tenant AS String) AS tenant, CAST(persona AS String) AS persona,"
                + " CAST(model_id AS String) AS model, input_tokens AS i, output_tokens AS o, cost_usd AS c FROM slm_metrics"
                + window
                + " UNION ALL SELECT CAST(tenant AS String), CAST(persona AS String), CAST(oss_model_id AS String),"
                + " input_tokens, output_tokens, cost_usd FROM escalation_metrics" + window
                + " UNION ALL SELECT CAST(tenant AS String), CAST(persona AS String), CAST('voice-pipeline' AS String),"
                + " ifNull(input_tokens, 0), ifNull(output_tokens, 0), cost_usd FROM conversation_metrics" + window
                + " AND channel = 'voice'";
    }
}
