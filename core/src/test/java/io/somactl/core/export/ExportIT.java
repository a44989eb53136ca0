package io.somactl.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.ingest.IngestRun;
import io.somactl.core.ingest.IngestSummary;
import io.somactl.core.report.Grain;
import io.somactl.core.report.TimeRange;
import io.somactl.core.testing.IngestFixture;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Billing exports of real trace-derived events, ingested and priced by the real worker, checked
 * against ClickHouse and against the per-event costs, and read back by two Parquet readers.
 */
@Tag("stack")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportIT {
    private static final TimeRange NOVEMBER_2023 = TimeRange.parsePeriod("2023-11");
    private static final List<BillingDimension> ALL = List.of(BillingDimension.values());

    private IngestFixture fixture;
    private HttpClickHouse clickHouse;

    @TempDir
    Path dir;

    @BeforeAll
    void ingestTheTrace() {
        fixture = new IngestFixture("export");
        fixture.produce(IngestFixture.trace(20_000));
        IngestSummary summary = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 5_000));
        assertTrue(summary.clean(), summary.problem());
        clickHouse = fixture.clickHouse;
    }

    private BillingExport exporter() {
        return new BillingExport(
                new ClickHouseBillingSource(clickHouse),
                new BillingExport.Metadata("2026-12-02.1", "test", "test", clickHouse.database()),
                Clock.systemUTC());
    }

    private static BillingRequest request(Grain grain, List<BillingDimension> groupBy, List<String> tenants) {
        return new BillingRequest(NOVEMBER_2023, grain, groupBy, tenants);
    }

    @Test
    void csvAndParquetTotalsEqualClickHousesAndTheSumOfPerEventCosts() {
        BillingRequest request = request(Grain.HOUR, ALL, List.of());
        ExportResult csv =
                exporter().toFile(request, BillingFormat.CSV, dir.resolve("b.csv"), null, false, ExportProgress.NONE);
        ExportResult parquet = exporter()
                .toFile(request, BillingFormat.PARQUET, dir.resolve("b.parquet"), null, false, ExportProgress.NONE);

        Map<String, BigDecimal> perEvent = perEventCostByTenant();
        Map<String, BigDecimal> clickHouseSums = clickHouseCostByTenant();
        assertTrue(perEvent.size() >= 5, "the trace has six tenants: " + perEvent.keySet());
        assertEquals(perEvent, clickHouseSums, "ClickHouse's sums equal the per-event costs added in Java");
        for (ExportResult result : List.of(csv, parquet)) {
            BillingTotals file = readBack(result);
            Map<String, BigDecimal> fileCosts = new TreeMap<>();
            file.byTenant().forEach((tenant, sum) -> fileCosts.put(tenant, sum.costUsd()));
            assertEquals(perEvent, fileCosts, result.file() + ": per-tenant cost to the last decimal");
            assertEquals(
                    perEvent.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add),
                    file.overall().costUsd());
            assertEquals(result.manifest().totals().overall(), file.overall(), "file totals equal the manifest's");
            assertEquals(result.manifest().totals().byTenant(), file.byTenant());
            assertEquals(priced("count()"), file.overall().requests(), "one request per priced event");
            assertEquals(priced("sum(ifNull(input_tokens, 0))"), file.overall().inputTokens());
            assertEquals(priced("sum(ifNull(output_tokens, 0))"), file.overall().outputTokens());
        }
        assertTrue(csv.manifest().totals().overall().rows() > 20, "hour x tenant x persona x model groups");
        assertEquals(List.of("2026-12-02.1"), csv.manifest().pricingVersions(), "the bundled catalog priced every row");
    }

    @Test
    void parquetReadsBackInDuckDbWithTheSameTypesAndTotals() throws Exception {
        ExportResult parquet = exporter()
                .toFile(
                        request(Grain.DAY, ALL, List.of()),
                        BillingFormat.PARQUET,
                        dir.resolve("duck.parquet"),
                        null,
                        false,
                        ExportProgress.NONE);
        Map<String, BigDecimal> expected = new TreeMap<>();
        parquet.manifest().totals().byTenant().forEach((t, s) -> expected.put(t, s.costUsd()));

        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement()) {
            String file = "read_parquet('" + parquet.file().toString().replace("'", "''") + "')";
            Map<String, String> types = new LinkedHashMap<>();
            try (ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM " + file)) {
                while (rs.next()) {
                    types.put(rs.getString("column_name"), rs.getString("column_type"));
                }
            }
            assertEquals("TIMESTAMP WITH TIME ZONE", types.get("period_start"), types.toString());
            assertEquals("VARCHAR", types.get("tenant"), types.toString());
            assertEquals("BIGINT", types.get("requests"), types.toString());
            assertEquals("DECIMAL(38,12)", types.get("cost_usd"), types.toString());
            assertEquals("DECIMAL(38,12)", types.get("gpu_hours"), types.toString());

            Map<String, BigDecimal> duckSums = new TreeMap<>();
            long requests = 0;
            try (ResultSet rs = statement.executeQuery(
                    "SELECT tenant, sum(cost_usd), sum(requests) FROM " + file + " GROUP BY tenant")) {
                while (rs.next()) {
                    duckSums.put(rs.getString(1), rs.getBigDecimal(2).setScale(12));
                    requests += rs.getLong(3);
                }
            }
            assertEquals(expected, duckSums, "DuckDB's sums equal the manifest's to the last decimal");
            assertEquals(parquet.manifest().totals().overall().requests(), requests);
            try (ResultSet rs = statement.executeQuery("SELECT min(period_start) FROM " + file)) {
                rs.next();
                assertEquals(
                        Instant.parse("2023-11-16T00:00:00Z"),
                        rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
            }
        }
    }

    @Test
    void verifyPassesOnAFreshExportAndCatchesAChangedByte() throws IOException {
        for (BillingFormat format : BillingFormat.values()) {
            Path file = dir.resolve("verify." + format.extension());
            ExportResult result = exporter()
                    .toFile(
                            request(Grain.DAY, List.of(BillingDimension.TENANT, BillingDimension.MODEL), List.of()),
                            format,
                            file,
                            null,
                            false,
                            ExportProgress.NONE);
            ExportVerifier.Report clean =
                    ExportVerifier.verify(file, result.manifestFile(), new ClickHouseBillingSource(clickHouse));
            assertTrue(clean.ok(), format + ": " + clean.differences());

            byte[] bytes = Files.readAllBytes(file);
            int at = format == BillingFormat.CSV ? lastDigit(bytes) : bytes.length / 2;
            bytes[at] = (byte) (format == BillingFormat.CSV ? (bytes[at] == '7' ? '8' : '7') : bytes[at] ^ 0x01);
            Files.write(file, bytes);
            ExportVerifier.Report changed = ExportVerifier.verify(file, result.manifestFile(), null);
            assertFalse(changed.ok(), format + ": a changed byte must be caught");
            assertTrue(
                    changed.differences().get(0).startsWith("sha256"),
                    changed.differences().toString());
            if (format == BillingFormat.CSV) {
                assertTrue(
                        changed.differences().stream().anyMatch(d -> d.contains("cost_usd")),
                        "the changed cost shows in the totals: " + changed.differences());
            }
        }
    }

    @Test
    void verifyNamesTheTenantWhenClickHouseNoLongerAgrees() {
        Path file = dir.resolve("late.csv");
        BillingRequest request = request(Grain.DAY, ALL, List.of("acme"));
        ExportResult result = exporter().toFile(request, BillingFormat.CSV, file, null, false, ExportProgress.NONE);
        clickHouse.execute("INSERT INTO escalation_metrics (event_id, ts, tenant, persona, oss_model_id, outcome,"
                + " input_tokens, output_tokens, cost_input_usd, cost_usd, pricing_version) VALUES ('6c1f1b1e-5b7a-4c55-9d7e-2f0e8f3a9b10',"
                + " toDateTime(1700159000), 'acme', 'late-persona', 'llama-3.1-70b', 'success', 10, 0, 0.000005900000,"
                + " 0.000005900000, '2026-12-02.1')");
        // The late row stays: every other test compares an export with ClickHouse as it is then.
        ExportVerifier.Report report =
                ExportVerifier.verify(file, result.manifestFile(), new ClickHouseBillingSource(clickHouse));
        assertFalse(report.ok());
        assertTrue(
                report.differences().get(0).startsWith("totals rows: ClickHouse"),
                report.differences().toString());
        assertTrue(
                report.differences().stream().anyMatch(d -> d.startsWith("tenant acme cost_usd: ClickHouse")),
                report.differences().toString());
    }

    @Test
    void aFailureMidStreamLeavesNoFileUnderTheFinalNameAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("cut.parquet");
        BillingSource failing = new BillingSource() {
            private final ClickHouseBillingSource real = new ClickHouseBillingSource(clickHouse);

            @Override
            public long stream(BillingRequest request, Consumer<BillingRow> sink) {
                AtomicLong n = new AtomicLong();
                return real.stream(request, row -> {
                    if (n.incrementAndGet() == 50) {
                        throw new IllegalStateException("connection reset (simulated)");
                    }
                    sink.accept(row);
                });
            }

            @Override
            public List<String> pricingVersions(BillingRequest request) {
                return real.pricingVersions(request);
            }

            @Override
            public String describe(BillingRequest request) {
                return real.describe(request);
            }
        };
        BillingExport export =
                new BillingExport(failing, new BillingExport.Metadata("v", "test", "test", "db"), Clock.systemUTC());
        assertThrows(
                IllegalStateException.class,
                () -> export.toFile(
                        request(Grain.HOUR, ALL, List.of()),
                        BillingFormat.PARQUET,
                        file,
                        null,
                        false,
                        ExportProgress.NONE));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(
                    List.of(),
                    left.filter(p -> p.getFileName().toString().contains("cut")).toList(),
                    "neither the file, its manifest nor a temporary file may remain");
        }
    }

    @Test
    void ifAbsentSkipsAnExportThatIsAlreadyThere() throws IOException {
        Path file = dir.resolve("once.csv");
        BillingRequest request = request(Grain.MONTH, ALL, List.of());
        ExportResult first = exporter().toFile(request, BillingFormat.CSV, file, null, true, ExportProgress.NONE);
        assertFalse(first.skipped());
        byte[] before = Files.readAllBytes(file);
        ExportResult second = exporter().toFile(request, BillingFormat.CSV, file, null, true, ExportProgress.NONE);
        assertTrue(second.skipped());
        assertEquals(new String(before), Files.readString(file));
        assertEquals(first.manifest().sha256(), second.manifest().sha256());
    }

    private static int lastDigit(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] >= '1' && bytes[i] <= '9') {
                return i;
            }
        }
        throw new AssertionError("no digit");
    }

    private static BillingTotals readBack(ExportResult result) {
        BillingTotals totals = new BillingTotals();
        try {
            result.manifest().format().read(result.file(), totals::add);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return totals;
    }

    /** Every priced event's stored cost, added up in Java with BigDecimal. */
    private Map<String, BigDecimal> perEventCostByTenant() {
        Map<String, BigDecimal> sums = new TreeMap<>();
        for (String table :
                List.of("slm_metrics", "escalation_metrics", "conversation_metrics WHERE channel = 'voice'")) {
            for (List<String> row : clickHouse.select("SELECT tenant, toString(cost_usd) FROM " + table)) {
                sums.merge(row.get(0), new BigDecimal(row.get(1)), BigDecimal::add);
            }
        }
        return sums;
    }

    private Map<String, BigDecimal> clickHouseCostByTenant() {
        Map<String, BigDecimal> sums = new TreeMap<>();
        String sql =
                "SELECT tenant, toString(sum(c)) FROM (SELECT CAST(tenant AS String) AS tenant, cost_usd AS c FROM slm_metrics"
                        + " UNION ALL SELECT CAST(tenant AS String), cost_usd FROM escalation_metrics"
                        + " UNION ALL SELECT CAST(tenant AS String), cost_usd FROM conversation_metrics WHERE channel = 'voice') GROUP BY tenant";
        for (List<String> row : clickHouse.select(sql)) {
            sums.put(row.get(0), new BigDecimal(row.get(1)));
        }
        return sums;
    }

    private long priced(String aggregate) {
        long total = 0;
        for (String table :
                List.of("slm_metrics", "escalation_metrics", "conversation_metrics WHERE channel = 'voice'")) {
            total += Long.parseLong(clickHouse.selectValue("SELECT " + aggregate + " FROM " + table));
        }
        return total;
    }
}
