package io.somactl.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.clickhouse.ClickHouseException;
import io.somactl.core.clickhouse.TabSeparatedReader;
import io.somactl.core.report.Grain;
import io.somactl.core.report.TimeRange;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export's pure parts: periods, grains, totals, manifest, decimals, digests, the TSV reader. */
class ExportPureTest {
    @TempDir
    Path dir;

    private static BillingRow row(String tenant, String cost, long requests) {
        return new BillingRow(
                Instant.parse("2026-11-01T00:00:00Z"),
                List.of(tenant),
                requests,
                10,
                5,
                15,
                BillingRow.gpuHours(1_800_000_000L),
                new BigDecimal(cost));
    }

    @Test
    void periodsAreHalfOpenUtcMonthsAndDays() {
        TimeRange month = TimeRange.parsePeriod("2026-11");
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), month.since());
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), month.until());
        assertEquals(
                Instant.parse("2024-03-01T00:00:00Z"),
                TimeRange.parsePeriod("2024-02-29").until());
        assertThrows(IllegalArgumentException.class, () -> TimeRange.parsePeriod("2026-13"));
        assertThrows(IllegalArgumentException.class, () -> TimeRange.parsePeriod("November"));
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), Grain.MONTH.floor(Instant.parse("2026-11-30T23:59:59Z")));
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), Grain.MONTH.ceil(Instant.parse("2026-11-30T23:59:59Z")));
        assertEquals(
                Instant.parse("2026-10-01T00:00:00Z"), Grain.MONTH.previous(Instant.parse("2026-11-01T00:00:00Z")));
    }

    @Test
    void totalsAreExactInAnyOrderAndDifferencesNameTheField() {
        BillingTotals a = new BillingTotals();
        BillingTotals b = new BillingTotals();
        List<BillingRow> rows = List.of(
                row("acme", "0.000000000001", 1), row("acme", "1.999999999999", 2), row("globex", "0.100000000000", 3));
        rows.forEach(a::add);
        for (int i = rows.size() - 1; i >= 0; i--) {
            b.add(rows.get(i));
        }
        assertEquals(List.of(), a.differences("a", b, "b"));
        assertEquals(new BigDecimal("2.100000000000"), a.overall().costUsd());
        assertEquals(new BigDecimal("1.500000000000"), a.overall().gpuHours());
        b.add(row("globex", "0.000000000001", 0));
        assertEquals("totals rows: a 3, b 4", a.differences("a", b, "b").get(0));
        assertTrue(a.differences("a", b, "b").contains("tenant globex cost_usd: a 0.100000000000, b 0.100000000001"));
    }

    @Test
    void gpuHoursRoundOncePerRowHalfEven() {
        assertEquals(new BigDecimal("0.000000000278"), BillingRow.gpuHours(1));
        assertEquals(new BigDecimal("1.000000000000"), BillingRow.gpuHours(3_600_000_000L));
        assertThrows(NumberFormatException.class, () -> BillingRow.exact("0.0000000000001"));
    }

    @Test
    void parquetDecimalsRoundTripIncludingNegativeAndLarge() {
        for (String value : List.of(
                "0.000000000000", "12.345678901234", "-0.000000000001", "99999999999999999999999999.999999999999")) {
            BigDecimal d = new BigDecimal(value);
            assertEquals(
                    d,
                    ParquetBillingReader.decimal(ParquetBillingWriter.decimal(d).getBytes()),
                    value);
        }
    }

    @Test
    void theManifestRoundTrips() {
        BillingRequest request = new BillingRequest(
                TimeRange.parsePeriod("2026-11"),
                Grain.DAY,
                List.of(BillingDimension.TENANT, BillingDimension.MODEL),
                List.of("globex", "acme"));
        BillingTotals totals = new BillingTotals();
        totals.add(row("acme", "0.123456789012", 7));
        Manifest manifest = new Manifest(
                "b.csv",
                BillingFormat.CSV,
                123,
                "ab",
                request.columns(),
                request,
                "2026-11-01.1",
                List.of("2026-11-01.1"),
                totals,
                Instant.parse("2026-12-01T00:00:00Z"),
                "cron",
                "0.1",
                "somactl");
        Path file = dir.resolve("m.json");
        try {
            Files.write(file, manifest.toJson());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        Manifest read = Manifest.read(file);
        assertEquals(List.of("acme", "globex"), read.request().tenants());
        assertEquals(request, read.request());
        assertEquals(List.of(), read.totals().differences("read", totals, "written"));
        assertTrue(new String(manifest.toJson(), StandardCharsets.UTF_8).contains("\"cost_usd\" : \"0.123456789012\""));
    }

    @Test
    void groupByMustIncludeTenantAndKeepsFileOrder() {
        assertEquals(
                List.of(BillingDimension.TENANT, BillingDimension.MODEL),
                BillingDimension.parseList(List.of("model", "tenant")));
        assertThrows(IllegalArgumentException.class, () -> BillingDimension.parseList(List.of("model")));
        assertThrows(IllegalArgumentException.class, () -> BillingDimension.parseList(List.of("tenant", "tenant")));
    }

    @Test
    void theDigestWriterHashesExactlyTheUtf8BytesItPasses() throws Exception {
        StringWriter out = new StringWriter();
        DigestWriter writer = new DigestWriter(out);
        String text = "tenant,persona\r\nacme,caf\u00e9 \ud83d\ude00\r\n";
        char[] chars = text.toCharArray();
        int split = text.indexOf('\ud83d') + 1; // between the two halves of a surrogate pair
        writer.write(chars, 0, split);
        writer.write(chars, split, chars.length - split);
        String sha = writer.finish();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(text, out.toString());
        assertEquals(bytes.length, writer.bytes());
        assertEquals(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), sha);
    }

    @Test
    void theTsvReaderFailsOnAResultCutOffOrEndedByAnError() throws Exception {
        TabSeparatedReader ok = reader("1\ta\\tb\t\\N\n2\tx\ty\n", 3);
        assertEquals(java.util.Arrays.asList("1", "a\tb", null), ok.next());
        assertEquals(List.of("2", "x", "y"), ok.next());
        assertEquals(null, ok.next());
        TabSeparatedReader cut = reader("1\ta\tb\n2\tx", 3);
        cut.next();
        assertThrows(ClickHouseException.class, cut::next);
        TabSeparatedReader failed =
                reader("1\ta\tb\nCode: 241, e.displayText() = DB::Exception: Memory limit exceeded\n", 3);
        failed.next();
        ClickHouseException e = assertThrows(ClickHouseException.class, failed::next);
        assertEquals(241, e.code());
        assertTrue(e.getMessage().contains("after 1 rows"), e.getMessage());
    }

    private static TabSeparatedReader reader(String text, int columns) {
        return new TabSeparatedReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), columns);
    }
}
