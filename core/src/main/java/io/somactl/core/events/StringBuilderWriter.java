package io.somactl.core.events;

import java.io.Writer;

/** A Writer into a reusable StringBuilder (StringWriter would synchronize on every write). */
final class StringBuilderWriter extends Writer {

    private final StringBuilder text = new StringBuilder(256);

    @Override
    public void write(char[] chars, int offset, int length) {
        text.append(chars, offset, length);
    }

    @Override
    public void write(int c) {
        text.append((char) c);
    }

    @Override
    public void write(String s, int offset, int length) {
        text.append(s, offset, offset + length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    /** Forgets what was written: a copy that an error cut short must not become the start of the next. */
    void reset() {
        text.setLength(0);
    }

    /** The text written since the last call, and starts afresh. */
    String take() {
        String written = text.toString();
        text.setLength(0);
        return written;
    }
}
