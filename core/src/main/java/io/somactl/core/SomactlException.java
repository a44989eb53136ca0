package io.somactl.core;

/**
 * A failure somactl can explain to its user in one line. The message says what went wrong and,
 * where there is one, what to do about it; the cause chain is for {@code --verbose}.
 */
public class SomactlException extends RuntimeException {
    public SomactlException(String message) {
        super(message);
    }

    public SomactlException(String message, Throwable cause) {
        super(message, cause);
    }
}
