package io.somactl.core.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A file somactl was asked to write and could not, with the operating system's reason in plain words:
 * {@code cannot write /proc/x.csv: No such file or directory}, {@code …: Permission denied},
 * {@code …: Read-only file system}, {@code …: it is a character device, not a regular file}.
 */
public final class FileWriteException extends IOException {
    private final Path file;

    public FileWriteException(Path file, String reason) {
        super("cannot write " + file + ": " + reason);
        this.file = file;
    }

    public FileWriteException(Path file, IOException cause) {
        super("cannot write " + file + ": " + reason(file, cause), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** {@code failure} as a FileWriteException about {@code file}, unless it already is one. */
    public static FileWriteException of(Path file, IOException failure) {
        return failure instanceof FileWriteException already ? already : new FileWriteException(file, failure);
    }

    /**
     * The operating system's words for a failure: {@code Permission denied}, {@code Read-only file system},
     * {@code No space left on device}; never just a path, never a Java class name.
     */
    public static String reason(IOException failure) {
        return reason(null, failure);
    }

    /** As {@link #reason(IOException)}, naming the path the failure is about when it is not {@code target} or its temporary file. */
    static String reason(Path target, IOException failure) {
        if (failure instanceof FileSystemException fs) {
            String why = fs.getReason();
            String reason = why != null && !why.isBlank()
                    ? why
                    : failure instanceof AccessDeniedException
                            ? "Permission denied"
                            : failure instanceof NoSuchFileException
                                    ? "No such file or directory"
                                    : failure instanceof NotDirectoryException
                                            ? "Not a directory"
                                            : failure instanceof FileAlreadyExistsException
                                                    ? "File exists"
                                                    : "file system error";
            String about = fs.getFile();
            boolean self = about == null
                    || target == null
                    || about.equals(target.toString())
                    || Path.of(about).getFileName() != null
                            && target.getFileName() != null
                            && Path.of(about)
                                    .getFileName()
                                    .toString()
                                    .startsWith("." + target.getFileName() + ".somactl-");
            return self ? reason : reason + " (" + about + ")";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? "input/output error" : message;
    }
}
