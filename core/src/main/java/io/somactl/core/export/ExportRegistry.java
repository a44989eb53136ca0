package io.somactl.core.export;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import io.somactl.core.report.Grain;
import io.somactl.core.report.TimeRange;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The billing exports made, in ClickHouse's {@code billing_exports} (migration V006): what each covers
 * (enough to run its query again) and its totals, so {@code reprice} can protect exported periods and
 * name the exports it makes stale.
 */
public final class ExportRegistry {
    static final String TABLE = "billing_exports";

    private final ClickHouse clickHouse;

    public ExportRegistry(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** One recorded export. */
    public record Entry(
            String exportId,
            Instant createdAt,
            String createdBy,
            String file,
            String sha256,
            BillingRequest request,
            long rows,
            BigDecimal costUsd) {
        /** One line for people: file, period, tenants, when and by whom, cost. */
        public String describe() {
            return file + " (" + request.range().since() + " .. "
                    + request.range().until()
                    + (request.tenants().isEmpty() ? "" : ", tenants " + String.join(",", request.tenants()))
                    + ", exported " + createdAt + " by " + createdBy + ", cost_usd " + costUsd.toPlainString() + ")";
        }
    }

    /** Records a successful export. */
    public void record(ExportResult result) {
        Manifest m = result.manifest();
        BillingRequest r = m.request();
        String file = result.file() == null
                ? "-"
                : result.file().toAbsolutePath().normalize().toString();
        String row = String.join(
                        "\t",
                        UUID.randomUUID().toString(),
                        String.valueOf(m.createdAt().getEpochSecond()),
                        tsv(m.createdBy()),
                        tsv(file),
                        m.format().label(),
                        m.sha256(),
                        String.valueOf(r.range().since().getEpochSecond()),
                        String.valueOf(r.range().until().getEpochSecond()),
                        r.grain().label(),
                        array(r.groupBy().stream().map(BillingDimension::column).toList()),
                        array(r.tenants()),
                        String.valueOf(m.totals().overall().rows()),
                        String.valueOf(m.totals().overall().requests()),
                        m.totals().overall().costUsd().toPlainString(),
                        tsv(m.pricingCatalogVersion()))
                + "\n";
        clickHouse.insert(
                Sql.table(clickHouse.database(), TABLE),
                List.of(
                        "export_id",
                        "created_at",
                        "created_by",
                        "file",
                        "format",
                        "sha256",
                        "since",
                        "until",
                        "grain",
                        "group_by",
                        "tenants",
                        "rows",
                        "requests",
                        "cost_usd",
                        "pricing_version"),
                "TabSeparated",
                row.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The exports whose period overlaps {@code range} and whose tenants include any of {@code tenants}
     * (an export of all tenants, or a request for all, always does), oldest first.
     */
    public List<Entry> overlapping(TimeRange range, List<String> tenants) {
        String sql =
                "SELECT export_id, toUInt32(created_at), created_by, file, sha256, toUInt32(since), toUInt32(until), grain,"
                        + " arrayStringConcat(group_by, ','), arrayStringConcat(tenants, '\\n'), rows, toString(cost_usd)"
                        + " FROM " + Sql.table(clickHouse.database(), TABLE)
                        + " WHERE since < toDateTime(" + range.until().getEpochSecond() + ") AND until > toDateTime("
                        + range.since().getEpochSecond() + ")"
                        + (tenants.isEmpty()
                                ? ""
                                : " AND (empty(tenants) OR hasAny(tenants, ["
                                        + tenants.stream().map(Sql::quote).collect(Collectors.joining(", ")) + "]))")
                        + " ORDER BY created_at, export_id";
        List<Entry> entries = new ArrayList<>();
        for (List<String> row : clickHouse.select(sql)) {
            List<String> exportTenants =
                    row.get(9).isEmpty() ? List.of() : Arrays.asList(row.get(9).split("\n"));
            BillingRequest request = new BillingRequest(
                    TimeRange.of(
                            Instant.ofEpochSecond(Long.parseLong(row.get(5))),
                            Instant.ofEpochSecond(Long.parseLong(row.get(6)))),
                    Grain.parse(row.get(7)),
                    BillingDimension.parseList(Arrays.asList(row.get(8).split(","))),
                    exportTenants);
            entries.add(new Entry(
                    row.get(0),
                    Instant.ofEpochSecond(Long.parseLong(row.get(1))),
                    row.get(2),
                    row.get(3),
                    row.get(4),
                    request,
                    Long.parseLong(row.get(10)),
                    new BigDecimal(row.get(11))));
        }
        return entries;
    }

    /** An export's cost as ClickHouse holds it now (its own query again, added up). */
    public static BigDecimal costNow(BillingSource source, Entry entry) {
        BillingTotals now = new BillingTotals();
        source.stream(entry.request(), now::add);
        return now.overall().costUsd();
    }

    private static String tsv(String value) {
        return value == null
                ? ""
                : value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String array(List<String> values) {
        return values.stream()
                .map(v -> "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
