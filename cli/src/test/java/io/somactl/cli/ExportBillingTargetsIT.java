package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.somactl.core.clickhouse.ClickHouseSettings;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.testing.HostileStrings;
import io.somactl.core.testing.LocalStack;
import io.somactl.core.testing.SyntheticBilling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export billing --out on the real stack: it replaces a regular file or nothing, says why it cannot
 * write, creates directories only with --mkdir, and an export that finds no rows says so. Device nodes
 * are private copies made with mknod (the same devices as /dev/null and /dev/full), so a regression
 * replaces a file in a temporary directory, never the machine's /dev/null.
 */
@Tag("stack")
class ExportBillingTargetsIT {
    private static final LocalStack STACK = LocalStack.ensureUp();
    private static String database;

    @TempDir
    Path dir;

    @BeforeAll
    static void billedEvents() {
        database = LocalStack.freshDatabase("clitargets");
        Map<String, String> env = new HashMap<>();
        env.put("HOME", "/nonexistent-home");
        env.put("SOMACTL_CLICKHOUSE_URL", STACK.clickHouseUrl().toString());
        env.put("SOMACTL_CLICKHOUSE_DATABASE", database);
        Run apply = Run.of(env, "schema", "apply");
        assertEquals(0, apply.exitCode(), apply.describe());
        var settings = STACK.clickHouse(database);
        SyntheticBilling.insert(
                new HttpClickHouse(new ClickHouseSettings(
                        settings.url(), settings.user(), settings.password(), database, Duration.ofMinutes(5))),
                500,
                Instant.parse("2026-11-01T00:00:00Z"));
    }

    private Run export(String... more) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("SOMACTL_CLICKHOUSE_URL", STACK.clickHouseUrl().toString());
        env.put("SOMACTL_CLICKHOUSE_DATABASE", database);
        List<String> args = new ArrayList<>(List.of("export", "billing", "--period", "2026-11"));
        args.addAll(List.of(more));
        return Run.of(env, args.toArray(String[]::new));
    }

    @Test
    void aDeviceNodeAsOutOrManifestIsRefusedAndLeftUntouched() throws Exception {
        Path devices = Files.createDirectory(dir.resolve("dev"));
        Path nul = mknod(devices.resolve("null"), "1", "3");
        Path full = mknod(devices.resolve("full"), "1", "7");
        for (Path device : List.of(nul, full)) {
            Run run = export("--out", device.toString());
            assertEquals(1, run.exitCode(), "--out " + device + " must fail\n" + run.describe());
            assertEquals(
                    "error: cannot write " + device
                            + ": it is a character device, not a regular file; somactl only replaces regular files",
                    run.err().strip(),
                    run.describe());
            assertEquals("character special file", fileType(device), device + " must still be the device");
        }
        Path csv = dir.resolve("bill.csv");
        Run manifest = export("--out", csv.toString(), "--manifest", nul.toString());
        assertEquals(1, manifest.exitCode(), "--manifest at a device must fail\n" + manifest.describe());
        assertTrue(manifest.err().contains("cannot write " + nul + ": it is a character device"), manifest.describe());
        assertEquals("character special file", fileType(nul));
        assertEquals(List.of("full", "null"), names(devices), "no temporary file beside the devices");
        assertFalse(Files.exists(csv), "the data file is not written when its manifest cannot be");
    }

    @Test
    void aMissingDirectoryFailsUnlessMkdirIsGiven() throws Exception {
        Path file = dir.resolve("nonexistent/dir/x.csv");
        Run run = export("--out", file.toString());
        assertEquals(1, run.exitCode(), run.describe());
        assertEquals(
                "error: cannot write " + file + ": directory " + file.getParent()
                        + " does not exist (add --mkdir to create it)",
                run.err().strip(),
                run.describe());
        assertFalse(Files.exists(dir.resolve("nonexistent")), "no directory may be created without --mkdir");

        Run made = export("--out", file.toString(), "--mkdir");
        assertEquals(0, made.exitCode(), made.describe());
        assertTrue(Files.isRegularFile(file) && Files.isRegularFile(Path.of(file + ".manifest.json")), made.describe());
    }

    @Test
    void aPathNobodyCanWriteFailsWithTheOperatingSystemsReasonAndLeavesNothing() throws Exception {
        // root ignores mode bits, so these are paths even root cannot write
        Path regular = Files.writeString(dir.resolve("hostname"), "h\n");
        Path underAFile = regular.resolve("x.csv");
        Run notADirectory = export("--out", underAFile.toString(), "--mkdir");
        assertEquals(1, notADirectory.exitCode(), notADirectory.describe());
        assertEquals(
                "error: cannot write " + underAFile + ": " + regular + " is not a directory",
                notADirectory.err().strip(),
                notADirectory.describe());

        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a Linux /proc");
        Run proc = export("--out", "/proc/x.csv");
        assertEquals(1, proc.exitCode(), proc.describe());
        assertEquals(
                "error: cannot write /proc/x.csv: No such file or directory",
                proc.err().strip(),
                proc.describe());
        if (Files.isDirectory(Path.of("/sys/kernel"))) {
            Run sys = export("--out", "/sys/x.csv");
            assertEquals(1, sys.exitCode(), sys.describe());
            assertTrue(
                    sys.err().strip().equals("error: cannot write /sys/x.csv: Permission denied")
                            || sys.err().strip().equals("error: cannot write /sys/x.csv: Read-only file system"),
                    sys.describe());
        }
        assertEquals(List.of("hostname"), names(dir), "nothing left behind");
    }

    @Test
    void aTenantWithoutRowsIsReportedAndFailIfEmptyExitsOne() throws Exception {
        Path file = dir.resolve("nobody.csv");
        Run empty = export("--tenant", "no-such-tenant", "--out", file.toString());
        assertEquals(0, empty.exitCode(), empty.describe());
        assertTrue(
                empty.err()
                        .contains(
                                "export: no billing rows for tenant no-such-tenant from 2026-11-01T00:00:00Z to 2026-12-01T00:00:00Z"),
                "an empty bill must say so on stderr\n" + empty.describe());

        Run failing = export("--tenant", "no-such-tenant", "--out", file.toString(), "--fail-if-empty");
        assertEquals(1, failing.exitCode(), failing.describe());
        assertTrue(
                failing.err().contains("no billing rows for tenant no-such-tenant")
                        && failing.err().contains("--fail-if-empty"),
                failing.describe());

        Run stdout = export("--tenant", "no-such-tenant", "--fail-if-empty");
        assertEquals(1, stdout.exitCode(), "to stdout too\n" + stdout.describe());

        Run all = export("--group-by", "tenant", "--grain", "month");
        assertEquals(0, all.exitCode(), all.describe());
        String billed = all.out().lines().skip(1).findFirst().orElseThrow().split(",")[1];
        Run some = export("--tenant", billed, "--out", file.toString(), "--fail-if-empty");
        assertEquals(0, some.exitCode(), some.describe());
        assertFalse(some.err().contains("no billing rows"), some.describe());
    }

    @Test
    void anExportToAStandardOutputThatFailsIsAFailure() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")), "a /dev/full");
        List<String> command = List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "io.somactl.cli.Main",
                "export",
                "billing",
                "--period",
                "2026-11",
                "--manifest",
                dir.resolve("stdout.manifest.json").toString());
        Path log = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(new java.io.File("/dev/full"))
                .redirectError(log.toFile());
        builder.environment().put("HOME", dir.toString());
        builder.environment()
                .put("SOMACTL_CLICKHOUSE_URL", STACK.clickHouseUrl().toString());
        builder.environment().put("SOMACTL_CLICKHOUSE_DATABASE", database);
        Process export = builder.start();
        assertTrue(export.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "the export ends");
        String stderr = Files.readString(log);
        assertEquals(1, export.exitValue(), "a bill that could not be written is not a success\n" + stderr);
        assertTrue(stderr.contains("error: writing the export to standard output failed"), stderr);
        assertFalse(Files.exists(dir.resolve("stdout.manifest.json")), "no manifest for bytes that never arrived");
    }

    @Test
    void aNameNoTenantCanHaveIsAUsageErrorQuotedOnOneLine() {
        List<String> hostile = new ArrayList<>(
                HostileStrings.ALL.stream().filter(s -> !s.equals("plain")).toList());
        hostile.add("t".repeat(10_000));
        for (String name : hostile) {
            Run run = export("--tenant", name);
            assertEquals(
                    2,
                    run.exitCode(),
                    "tenant "
                            + name.codePoints()
                                    .limit(20)
                                    .mapToObj(Integer::toHexString)
                                    .toList() + " cannot be a tenant\n" + run.describe());
            String first = run.err().lines().findFirst().orElse("");
            assertTrue(
                    first.startsWith("error: ")
                            && (first.contains("' is not a tenant name")
                                    || first.contains("…'(10000 chars) is not a tenant name")),
                    run.describe());
            assertTrue(first.length() < 300, "the name is cut, not echoed whole: " + first.length() + " characters");
            assertTrue(
                    run.err().codePoints().noneMatch(c -> c == 0x202E || c == 0x1b || c == 0 || c == '\r'),
                    "no control or bidi character reaches the terminal\n" + run.describe());
            assertTrue(run.out().isEmpty(), "no bill is printed\n" + run.describe());
        }
    }

    private static Path mknod(Path node, String major, String minor) throws Exception {
        Process p = new ProcessBuilder("mknod", node.toString(), "c", major, minor)
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor() == 0, "mknod is not allowed here: " + output);
        return node;
    }

    private static String fileType(Path path) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%F", path.toString())
                .redirectErrorStream(true)
                .start();
        String type = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return type;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
