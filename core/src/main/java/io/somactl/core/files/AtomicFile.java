package io.somactl.core.files;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file that appears under its final name complete or not at all. Bytes go to a temporary file in
 * the same directory ({@code .NAME.somactl-RANDOM.tmp}), counted and hashed (SHA-256) as they are
 * written; {@link #commit()} flushes, fsyncs, renames it over the final name with an atomic move and
 * fsyncs the directory. {@link #close()} without a commit deletes the temporary file, and so does a
 * shutdown hook on SIGTERM or Ctrl-C. Only SIGKILL or a power cut can leave a temporary file behind;
 * never a partial file under the final name.
 *
 * <p>It only ever replaces a regular file: a target that exists as anything else (a device such as
 * {@code /dev/null}, a directory, a pipe, a socket, or a link to one) is refused before anything is
 * written. Missing parent directories are created only when the caller asks ({@code createDirectories}:
 * the config directory, {@code export --mkdir}). Every failure is a {@link FileWriteException} that
 * names the file and the operating system's reason.
 */
public final class AtomicFile implements Closeable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest digest;
    private final CountingStream counting;
    private final OutputStream stream;
    private final Thread cleanup;
    private boolean done;

    private AtomicFile(Path target, boolean createDirectories) throws IOException {
        this.target = checkTarget(target, createDirectories);
        Path dir = this.target.getParent();
        if (createDirectories) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw FileWriteException.of(this.target, e);
            }
        }
        try {
            this.temp = Files.createTempFile(dir, "." + this.target.getFileName() + ".somactl-", ".tmp");
        } catch (IOException e) {
            throw FileWriteException.of(this.target, e);
        }
        try {
            this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw FileWriteException.of(this.target, e);
        }
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        this.counting =
                new CountingStream(new DigestOutputStream(java.nio.channels.Channels.newOutputStream(channel), digest));
        this.stream = new BufferedOutputStream(counting, 1 << 16);
        Path toDelete = temp;
        this.cleanup = new Thread(
                () -> {
                    try {
                        Files.deleteIfExists(toDelete);
                    } catch (IOException ignored) {
                        // best effort while the JVM exits
                    }
                },
                "somactl-atomic-file-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** A new file at {@code target}, whose directory must exist. */
    public static AtomicFile create(Path target) throws IOException {
        return new AtomicFile(target, false);
    }

    /** A new file at {@code target}; {@code createDirectories}: its missing parent directories are made. */
    public static AtomicFile create(Path target, boolean createDirectories) throws IOException {
        return new AtomicFile(target, createDirectories);
    }

    /**
     * Checks, before any work, that {@code target} can be written as a new version of a regular file:
     * it is a regular file or absent, and its directory exists (or may be created: {@code
     * createDirectories}, and no existing ancestor is a file). Creates nothing. Returns the absolute path.
     */
    public static Path checkTarget(Path target, boolean createDirectories) throws FileWriteException {
        Path absolute = target.toAbsolutePath().normalize();
        if (absolute.getFileName() == null) {
            throw new FileWriteException(absolute, "not a file name");
        }
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            throw new FileWriteException(
                    absolute, "it is " + kind(absolute) + ", not a regular file; somactl only replaces regular files");
        }
        Path dir = absolute.getParent();
        if (Files.isDirectory(dir)) {
            return absolute;
        }
        if (Files.exists(dir)) {
            throw new FileWriteException(absolute, dir + " is not a directory");
        }
        if (!createDirectories) {
            throw new FileWriteException(absolute, "directory " + dir + " does not exist");
        }
        for (Path up = dir.getParent(); up != null; up = up.getParent()) {
            if (Files.exists(up)) {
                if (!Files.isDirectory(up)) {
                    throw new FileWriteException(absolute, up + " is not a directory");
                }
                break;
            }
        }
        return absolute;
    }

    /** What a path that is not a regular file is, in words: {@code a character device}, {@code a directory}, … */
    static String kind(Path path) {
        if (Files.isDirectory(path)) {
            return "a directory";
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return switch (mode & 0170000) {
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0010000 -> "a named pipe";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    public Path target() {
        return target;
    }

    public Path temporary() {
        return temp;
    }

    /** Where to write; buffered. Do not close it: {@link #commit()} or {@link #close()} does. */
    public OutputStream stream() {
        return stream;
    }

    /** Bytes written so far (after a flush: all of them). */
    public long bytes() {
        return counting.count;
    }

    /** Makes the file appear under its final name; returns its SHA-256 (lowercase hex). */
    public String commit() throws IOException {
        if (done) {
            throw new IllegalStateException("already committed or closed");
        }
        String sha256;
        try {
            stream.flush();
            sha256 = HexFormat.of().formatHex(digest.digest());
            channel.force(true);
            channel.close();
            if (Files.exists(target) && !Files.isRegularFile(target)) { // appeared while we wrote
                throw new FileWriteException(
                        target, "it is " + kind(target) + ", not a regular file; somactl only replaces regular files");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new FileWriteException(
                    target, "cannot rename " + temp + " to it atomically (" + FileWriteException.reason(e) + ")");
        } catch (IOException e) {
            throw FileWriteException.of(target, e);
        }
        fsyncDirectory(target.getParent());
        done = true;
        removeHook();
        return sha256;
    }

    /** Deletes the temporary file unless committed. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
            removeHook();
        }
    }

    /** Writes {@code content} to {@code target} atomically (temporary file, fsync, atomic rename); its directory must exist. */
    public static String write(Path target, byte[] content) throws IOException {
        return write(target, content, false);
    }

    /** As {@link #write(Path, byte[])}; {@code createDirectories}: missing parent directories are made. */
    public static String write(Path target, byte[] content, boolean createDirectories) throws IOException {
        try (AtomicFile file = create(target, createDirectories)) {
            try {
                file.stream().write(content);
            } catch (IOException e) {
                throw FileWriteException.of(file.target(), e);
            }
            return file.commit();
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException exiting) {
            // the JVM is already shutting down; the hook runs and finds nothing or the uncommitted file
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException notSupported) {
            // some file systems cannot fsync a directory; the rename itself is still atomic
        }
    }

    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
