package io.somactl.core.budget;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The budget audit log ({@code budget_audit}) and the archive of closed windows
 * ({@code budget_window_archive}) in ClickHouse (migration V002). Rows go in as JSONEachRow with
 * times as Unix seconds and money as JSON numbers, the forms ClickHouse 18.16 reads exactly.
 */
public final class BudgetAudit {
    static final String AUDIT_TABLE = "budget_audit";
    static final String ARCHIVE_TABLE = "budget_window_archive";
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final ClickHouse clickHouse;

    public BudgetAudit(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    public void record(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        StringBuilder rows = new StringBuilder();
        for (AuditEntry entry : entries) {
            ObjectNode row = JSON.createObjectNode();
            row.put("ts", entry.ts().getEpochSecond());
            row.put("audit_id", UUID.randomUUID().toString());
            row.put("actor", entry.actor());
            row.put("action", entry.action());
            row.put("tenant", entry.tenant());
            row.put("persona", nullToEmpty(entry.persona()));
            row.put("budget", nullToEmpty(entry.budget()));
            row.put("before", nullToEmpty(entry.before()));
            row.put("after", nullToEmpty(entry.after()));
            row.put("reason", nullToEmpty(entry.reason()));
            rows.append(row).append('\n');
        }
        clickHouse.insert(AUDIT_TABLE, List.of(), "JSONEachRow", rows.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Audit records, newest first. Null filters match everything. */
    public List<AuditEntry> list(String tenant, String action, Instant since, Instant until, int limit) {
        StringBuilder where = new StringBuilder(" WHERE 1");
        if (tenant != null) {
            where.append(" AND tenant = ").append(Sql.quote(tenant));
        }
        if (action != null) {
            where.append(" AND action = ").append(Sql.quote(action));
        }
        if (since != null) {
            where.append(" AND ts >= toDateTime(")
                    .append(since.getEpochSecond())
                    .append(")");
        }
        if (until != null) {
            where.append(" AND ts < toDateTime(").append(until.getEpochSecond()).append(")");
        }
        String sql = "SELECT toUnixTimestamp(ts), actor, action, tenant, persona, budget, before, after, reason FROM "
                + Sql.table(clickHouse.database(), AUDIT_TABLE) + where + " ORDER BY ts DESC, audit_id LIMIT "
                + Math.max(1, limit);
        List<AuditEntry> entries = new ArrayList<>();
        for (List<String> row : clickHouse.select(sql)) {
            entries.add(new AuditEntry(
                    Instant.ofEpochSecond(Long.parseLong(row.get(0))),
                    row.get(1),
                    row.get(2),
                    row.get(3),
                    row.get(4),
                    row.get(5),
                    row.get(6),
                    row.get(7),
                    row.get(8)));
        }
        return entries;
    }

    /** Whether a window of a tenant was archived already (a reset that died after archiving must not archive twice). */
    public boolean archived(String tenant, Period period, String windowId) {
        return !"0"
                .equals(clickHouse.selectValue("SELECT count() FROM " + Sql.table(clickHouse.database(), ARCHIVE_TABLE)
                        + " WHERE tenant = " + Sql.quote(tenant) + " AND period = " + Sql.quote(period.cliName())
                        + " AND window_id = " + Sql.quote(windowId)));
    }

    public void archive(List<ArchivedWindow> windows) {
        if (windows.isEmpty()) {
            return;
        }
        StringBuilder rows = new StringBuilder();
        for (ArchivedWindow window : windows) {
            ObjectNode row = JSON.createObjectNode();
            row.put("tenant", window.tenant());
            row.put("persona", nullToEmpty(window.persona()));
            row.put("period", window.period().cliName());
            row.put("window_id", window.windowId());
            row.put("time_zone", window.timeZone());
            row.put("window_start", window.start().getEpochSecond());
            row.put("window_end", window.end().getEpochSecond());
            row.put("requests", window.totals().requests());
            row.put("input_tokens", window.totals().inputTokens());
            row.put("output_tokens", window.totals().outputTokens());
            row.put("total_tokens", window.totals().totalTokens());
            row.put("cost_usd", window.totals().costUsd());
            row.put("gpu_micros", window.totals().gpuMicros());
            row.put("limits", window.limits());
            row.put("archived_at", window.archivedAt().getEpochSecond());
            row.put("archived_by", window.archivedBy());
            rows.append(row).append('\n');
        }
        clickHouse.insert(
                ARCHIVE_TABLE, List.of(), "JSONEachRow", rows.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Archived windows of a tenant (all tenants when null), oldest first. */
    public List<ArchivedWindow> archivedWindows(String tenant, Period period) {
        StringBuilder where = new StringBuilder(" WHERE 1");
        if (tenant != null) {
            where.append(" AND tenant = ").append(Sql.quote(tenant));
        }
        if (period != null) {
            where.append(" AND period = ").append(Sql.quote(period.cliName()));
        }
        String sql = "SELECT tenant, persona, period, window_id, time_zone, toUnixTimestamp(window_start),"
                + " toUnixTimestamp(window_end), requests, input_tokens, output_tokens, total_tokens, toString(cost_usd),"
                + " gpu_micros, limits, toUnixTimestamp(archived_at), archived_by FROM "
                + Sql.table(clickHouse.database(), ARCHIVE_TABLE) + where
                + " ORDER BY tenant, period, window_start, persona";
        List<ArchivedWindow> windows = new ArrayList<>();
        for (List<String> r : clickHouse.select(sql)) {
            windows.add(new ArchivedWindow(
                    r.get(0),
                    r.get(1).isEmpty() ? null : r.get(1),
                    Period.parse(r.get(2)),
                    r.get(3),
                    r.get(4),
                    Instant.ofEpochSecond(Long.parseLong(r.get(5))),
                    Instant.ofEpochSecond(Long.parseLong(r.get(6))),
                    new io.somactl.core.usage.UsageTotals(
                            Long.parseLong(r.get(7)),
                            Long.parseLong(r.get(8)),
                            Long.parseLong(r.get(9)),
                            Long.parseLong(r.get(10)),
                            new java.math.BigDecimal(r.get(11)),
                            Long.parseLong(r.get(12))),
                    r.get(13),
                    Instant.ofEpochSecond(Long.parseLong(r.get(14))),
                    r.get(15)));
        }
        return windows;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
