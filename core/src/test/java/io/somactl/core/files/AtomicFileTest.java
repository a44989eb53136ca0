package io.somactl.core.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one writer of config, secrets and exports replaces regular files only, creates directories only
 * when asked, and names the operating system's reason when it cannot write. Device nodes are made with
 * mknod in a temporary directory (the same devices as /dev/null and /dev/full), so a broken writer
 * replaces a private copy, never the machine's /dev/null.
 */
class AtomicFileTest {
    private static final byte[] CONTENT = "a,b\r\n1,2\r\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aCharacterDeviceIsRefusedAndLeftAsItWas() throws Exception {
        for (String device : List.of("null:1:3", "full:1:7")) {
            String[] parts = device.split(":");
            Path node = mknod(parts[0], "c", parts[1], parts[2]);
            FileWriteException refused = assertThrows(FileWriteException.class, () -> AtomicFile.write(node, CONTENT));
            assertEquals(
                    "cannot write " + node
                            + ": it is a character device, not a regular file; somactl only replaces regular files",
                    refused.getMessage());
            assertEquals("c", fileType(node), node + " is still a character device");
        }
        assertEquals(List.of("full", "null"), names(dir), "no temporary file is left beside the devices");
    }

    @Test
    void aNamedPipeADirectoryAndALinkToADeviceAreRefused() throws Exception {
        Path pipe = dir.resolve("pipe");
        run("mkfifo", pipe.toString());
        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        Path node = mknod("null", "c", "1", "3");
        Path link = Files.createSymbolicLink(dir.resolve("link"), node);
        assertTrue(assertThrows(FileWriteException.class, () -> AtomicFile.write(pipe, CONTENT))
                .getMessage()
                .endsWith(": it is a named pipe, not a regular file; somactl only replaces regular files"));
        assertTrue(assertThrows(FileWriteException.class, () -> AtomicFile.write(directory, CONTENT))
                .getMessage()
                .endsWith(": it is a directory, not a regular file; somactl only replaces regular files"));
        assertTrue(assertThrows(FileWriteException.class, () -> AtomicFile.write(link, CONTENT))
                .getMessage()
                .endsWith(": it is a character device, not a regular file; somactl only replaces regular files"));
        assertTrue(Files.isSymbolicLink(link), "the link is left as it was");
        assertEquals("p", fileType(pipe));
    }

    @Test
    void aMissingDirectoryIsAnErrorUnlessCreatingItWasAsked() throws Exception {
        Path file = dir.resolve("missing/dir/x.csv");
        FileWriteException refused = assertThrows(FileWriteException.class, () -> AtomicFile.write(file, CONTENT));
        assertEquals(
                "cannot write " + file + ": directory " + dir.resolve("missing/dir") + " does not exist",
                refused.getMessage());
        assertFalse(Files.exists(dir.resolve("missing")), "no directory was created");

        AtomicFile.write(file, CONTENT, true);
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
    }

    @Test
    void aPathUnderARegularFileSaysItIsNotADirectoryEvenWhenCreatingDirectories() throws Exception {
        Path regular = Files.writeString(dir.resolve("hostname"), "h\n");
        Path file = regular.resolve("x.csv");
        assertEquals(
                "cannot write " + file + ": " + regular + " is not a directory",
                assertThrows(FileWriteException.class, () -> AtomicFile.write(file, CONTENT))
                        .getMessage());
        Path deeper = regular.resolve("sub/x.csv");
        assertEquals(
                "cannot write " + deeper + ": " + regular + " is not a directory",
                assertThrows(FileWriteException.class, () -> AtomicFile.write(deeper, CONTENT, true))
                        .getMessage());
        assertEquals("h\n", Files.readString(regular));
    }

    @Test
    void whereEvenRootCannotWriteTheOperatingSystemsReasonIsGiven() throws Exception {
        // /proc and /sys refuse new files to root too (root ignores mode bits, so a chmod'ed directory would not)
        Path proc = Path.of("/proc/x.csv");
        assumeTrue(Files.isDirectory(proc.getParent()), "a Linux /proc");
        assertEquals(
                "cannot write /proc/x.csv: No such file or directory",
                assertThrows(FileWriteException.class, () -> AtomicFile.write(proc, CONTENT))
                        .getMessage());
        Path sys = Path.of("/sys/x.csv");
        if (Files.isDirectory(sys.getParent())) {
            String message = assertThrows(FileWriteException.class, () -> AtomicFile.write(sys, CONTENT))
                    .getMessage();
            assertTrue(
                    message.equals("cannot write /sys/x.csv: Permission denied")
                            || message.equals("cannot write /sys/x.csv: Read-only file system"),
                    message);
        }
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));
        if (!Files.isWritable(readOnly)) { // not root
            assertEquals(
                    "cannot write " + readOnly.resolve("x.csv") + ": Permission denied",
                    assertThrows(FileWriteException.class, () -> AtomicFile.write(readOnly.resolve("x.csv"), CONTENT))
                            .getMessage());
        }
    }

    @Test
    void aRegularFileIsReplacedWholeAndNothingElseIsLeft() throws Exception {
        Path file = Files.writeString(dir.resolve("bill.csv"), "old");
        String sha = AtomicFile.write(file, CONTENT);
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
        assertEquals(64, sha.length());
        assertEquals(List.of("bill.csv"), names(dir));
    }

    private Path mknod(String name, String type, String major, String minor) throws Exception {
        Path node = dir.resolve(name);
        try {
            run("mknod", node.toString(), type, major, minor);
        } catch (AssertionError e) {
            assumeTrue(false, "mknod is not allowed here: " + e.getMessage());
        }
        return node;
    }

    private static String fileType(Path path) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%F", path.toString())
                .redirectErrorStream(true)
                .start();
        String type = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return switch (type) {
            case "character special file" -> "c";
            case "fifo" -> "p";
            case "regular file", "regular empty file" -> "f";
            default -> type;
        };
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + ": " + output);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
