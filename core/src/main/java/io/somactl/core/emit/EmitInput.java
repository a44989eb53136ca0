package io.somactl.core.emit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One source of NDJSON lines for {@link EventEmitter}: a file, or a stream such as stdin.
 *
 * @param name how invalid lines name it: the path as given, or {@code <stdin>}
 * @param opener opens it; a file can be opened again, a stream only once ({@code rereadable} false)
 * @param rereadable whether {@code opener} may be called twice (strict mode reads the input twice)
 */
public record EmitInput(String name, Opener opener, boolean rereadable) {
    /** The name stdin has in messages. */
    public static final String STDIN = "<stdin>";

    public EmitInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(opener, "opener");
    }

    public static EmitInput file(Path file) {
        return new EmitInput(file.toString(), () -> Files.newInputStream(file), true);
    }

    /** A stream read once (stdin); strict mode spools it to a private temporary file. */
    public static EmitInput stream(String name, InputStream in) {
        return new EmitInput(name, () -> in, false);
    }

    public InputStream open() throws IOException {
        return opener.open();
    }

    /** Opens the input. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }
}
