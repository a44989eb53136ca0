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

    private AtomicFile(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        Files.createDirectories(dir);
        this.temp = Files.createTempFile(dir, "." + this.target.getFileName() + ".somactl-", ".tmp");
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        this.counting = new CountingStream(new DigestOutputStream(java.nio.channels.Channels.newOutputStream(channel), digest));
        this.stream = new BufferedOutputStream(counting, 1 << 16);
        Path toDelete = temp;
        this.cleanup = new Thread(() -> {
            try {
                Files.deleteIfExists(toDelete);
            } catch (IOException ignored) {
                // best effort while the JVM exits
            }
        }, "somactl-atomic-file-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    public static AtomicFile create(Path target) throws IOException {
        return new AtomicFile(target);
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
        stream.flush();
        String sha256 = HexFormat.of().formatHex(digest.digest());
        channel.force(true);
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + temp + " to " + target + " atomically: " + e.getMessage(), e);
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

    /** Writes {@code content} to {@code target} atomically (temporary file, fsync, atomic rename). */
    public static String write(Path target, byte[] content) throws IOException {
        try (AtomicFile file = create(target)) {
            file.stream().write(content);
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
