package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.testing.LocalStack;
import io.somactl.core.testing.SyntheticBilling;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export billing, export verify, aggregate and calls end to end through Main, on the real stack;
 * the Parquet path runs here without Hadoop on the class path. And an export killed with SIGKILL
 * mid-stream, as its own process, leaves nothing under the final name.
 */
@Tag("stack")
class ExportCommandsIT {
    private static final Instant NOVEMBER_2026 = Instant.parse("2026-11-01T00:00:00Z");
    private final LocalStack stack = LocalStack.ensureUp();

    @TempDir
    Path dir;

    private Map<String, String> environment(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("SOMACTL_CLICKHOUSE_URL", stack.clickHouseUrl().toString());
        env.put("SOMACTL_CLICKHOUSE_DATABASE", database);
        return env;
    }

    private String databaseWithRows(String purpose, long rows) {
        String database = LocalStack.freshDatabase(purpose);
        Run apply = Run.of(environment(database), "schema", "apply");
        assertEquals(0, apply.exitCode(), apply.describe());
        var settings = stack.clickHouse(database);
        SyntheticBilling.insert(
                new HttpClickHouse(new io.somactl.core.clickhouse.ClickHouseSettings(
                        settings.url(), settings.user(), settings.password(), database, Duration.ofMinutes(10))),
                rows,
                NOVEMBER_2026);
        return database;
    }

    @Test
    void parquetAndCsvExportsVerifyAndAChangedFileExitsOne() throws Exception {
        String database = databaseWithRows("cliexport", 20_000);
        Map<String, String> env = environment(database);
        for (String extension : List.of("parquet", "csv")) {
            Path file = dir.resolve("billing-2026-11." + extension);
            Run export = Run.of(
                    env,
                    "export",
                    "billing",
                    "--period",
                    "2026-11",
                    "--grain",
                    "hour",
                    "--out",
                    file.toString(),
                    "-o",
                    "csv");
            assertEquals(0, export.exitCode(), export.describe());
            assertTrue(export.out().contains(",20000,"), "20,000 rows, one per synthetic event\n" + export.describe());
            assertTrue(Files.exists(Path.of(file + ".manifest.json")));

            Run verify = Run.of(env, "export", "verify", file.toString());
            assertEquals(0, verify.exitCode(), verify.describe());
            assertTrue(verify.out().startsWith("ok: "), verify.describe());

            Run again = Run.of(
                    env,
                    "export",
                    "billing",
                    "--period",
                    "2026-11",
                    "--grain",
                    "hour",
                    "--out",
                    file.toString(),
                    "--if-absent");
            assertEquals(0, again.exitCode(), again.describe());
            assertTrue(again.err().contains("skipped"), again.describe());

            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 3] ^= 0x04;
            Files.write(file, bytes);
            Run broken = Run.of(env, "export", "verify", file.toString(), "--offline");
            assertEquals(1, broken.exitCode(), broken.describe());
            assertTrue(broken.err().startsWith("error: " + file + " does not verify: sha256"), broken.describe());
        }
        Run stdout = Run.of(
                env,
                "export",
                "billing",
                "--since",
                "2026-11-01",
                "--until",
                "2026-11-02",
                "--group-by",
                "tenant",
                "--tenant",
                "tenant-7");
        assertEquals(0, stdout.exitCode(), stdout.describe());
        assertTrue(
                stdout.out()
                        .startsWith(
                                "period_start,tenant,requests,input_tokens,output_tokens,total_tokens,gpu_hours,cost_usd\r\n"),
                stdout.describe());
        assertEquals(2, stdout.out().lines().count(), "a header and tenant-7's one day\n" + stdout.describe());

        Run usage = Run.of(env, "export", "billing", "--period", "2026-11", "--format", "parquet");
        assertEquals(2, usage.exitCode(), usage.describe());
        assertTrue(usage.err().contains("Parquet needs a file"), usage.describe());
    }

    @Test
    void aggregateReadsTheRollupsTheViewsFilledAndExplainShowsTheSql() {
        String database = databaseWithRows("cliaggregate", 7_200);
        Map<String, String> env = environment(database);
        Run run = Run.of(
                env,
                "aggregate",
                "--since",
                "2026-11-01",
                "--until",
                "2026-12-01",
                "--group-by",
                "model",
                "-o",
                "json");
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().contains("\"model\" : \"soma-slm-0\""), run.describe());
        assertTrue(run.out().contains("\"requests\" : 7200"), run.describe());
        assertFalse(run.err().contains("backfill"), "the views saw every row\n" + run.describe());

        Run explain = Run.of(env, "aggregate", "--explain", "--period", "day");
        assertEquals(0, explain.exitCode(), explain.describe());
        assertTrue(explain.out().contains("FROM " + database + ".rollup_slm_hourly"), explain.describe());
    }

    @Test
    void anExportKilledMidStreamLeavesNoFileUnderTheFinalName() throws Exception {
        String database = databaseWithRows("clikill", 2_000_000);
        Path file = dir.resolve("killed.csv");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.somactl.cli.Main",
                "export",
                "billing",
                "--period",
                "2026-11",
                "--grain",
                "hour",
                "--out",
                file.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("export.log").toFile())
                .directory(new File(dir.toString()));
        builder.environment().putAll(environment(database));
        Process export = builder.start();
        Path temporary = waitForTemporaryFile(export, 4 << 20);
        export.destroyForcibly(); // SIGKILL
        assertTrue(export.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, export.exitValue(), Files.readString(dir.resolve("export.log")));
        assertFalse(Files.exists(file), "no file under the final name after SIGKILL");
        assertFalse(Files.exists(Path.of(file + ".manifest.json")));
        assertTrue(
                Files.exists(temporary), "only the hidden temporary file is left, and it is not " + file.getFileName());
    }

    /** Waits until the export's temporary file holds at least {@code bytes} bytes: it is mid-stream. */
    private Path waitForTemporaryFile(Process export, long bytes) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(p -> p.getFileName().toString().startsWith(".killed.csv.somactl-"))
                        .toList()) {
                    if (Files.size(p) >= bytes) {
                        return p;
                    }
                }
            }
            if (!export.isAlive()) {
                throw new AssertionError(
                        "the export ended before it could be killed:\n" + Files.readString(dir.resolve("export.log")));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the export wrote nothing within 3 minutes");
    }
}
