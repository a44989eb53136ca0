package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code somactl replay} and {@code archive}: what they refuse before they touch a server. */
class ReplayCommandTest {
    private static Run run(String... args) {
        return Run.of(Map.of("HOME", "/nonexistent-home"), args);
    }

    @Test
    void anOffsetRangeThatIsNotPartitionFromToIsAUsageError() {
        Run run = run("replay", "--topics", "slm.metrics", "--offsets", "0:9-3");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("'0:9-3' is not PARTITION:FROM-TO"), run.describe());
    }

    @Test
    void offsetsOfSeveralTopicsAreRefusedWithAOneLineReason() {
        Run run = run("replay", "--offsets", "0:1-5");
        assertTrue(run.exitCode() != 0, run.describe());
        assertTrue(run.err().contains("--offsets needs exactly one --topic"), run.describe());
    }

    @Test
    void aFileThatIsNotThereIsAUsageError() {
        Run run = run("replay", "--file", "/nonexistent/trace.ndjson.gz");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("/nonexistent/trace.ndjson.gz is not a readable file"), run.describe());
    }

    @Test
    void aFileGoesToClickHouseOrKafkaAndNowhereElse() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("replay", ".ndjson");
        try {
            Run run = run("replay", "--file", file.toString(), "--to", "s3");
            assertEquals(2, run.exitCode(), run.describe());
            assertTrue(run.err().contains("with --file, --to is clickhouse or kafka, not 's3'"), run.describe());
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void anArchiveWithoutItsManifestDoesNotVerify() {
        Run run = run("archive", "verify", "/nonexistent/range.ndjson.gz");
        assertEquals(1, run.exitCode(), run.describe());
        assertTrue(
                run.err().contains("cannot read the manifest /nonexistent/range.ndjson.gz.manifest.json"),
                run.describe());
    }

    @Test
    void anArchiveIsNdjsonGzOrParquetByItsName() {
        Run run = run("archive", "--out", "/tmp/range.csv");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("must end in .ndjson.gz or .parquet, not range.csv"), run.describe());
    }

    @Test
    void aClickHouseArchiveNeedsItsTimeRangeAndAKnownSource() {
        Run missing = run("archive", "--source", "clickhouse", "--out", "/tmp/stored.parquet", "--from", "2023-11-16");
        assertEquals(2, missing.exitCode(), missing.describe());
        assertTrue(missing.err().contains("--source clickhouse needs --from and --to"), missing.describe());
        Run unknown = run("archive", "--source", "s3", "--out", "/tmp/stored.parquet");
        assertEquals(2, unknown.exitCode(), unknown.describe());
        assertTrue(unknown.err().contains("--source is kafka or clickhouse, not 's3'"), unknown.describe());
    }
}
