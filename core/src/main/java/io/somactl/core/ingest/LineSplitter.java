package io.somactl.core.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines at {@code \n}, handing out each line as a range of one reused buffer
 * (no String, no copy unless a line crosses the buffer's end). A line is valid until the next call.
 */
final class LineSplitter {
    private final InputStream in;
    private byte[] buffer = new byte[1 << 18];
    private int start; // of unread data
    private int limit; // of data read
    private int from;
    private int to;
    private boolean eof;

    LineSplitter(InputStream in) {
        this.in = in;
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        int scanned = start;
        while (true) {
            for (int i = scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    from = start;
                    to = i;
                    start = i + 1;
                    return true;
                }
            }
            scanned = limit;
            if (eof) {
                if (start < limit) {
                    from = start;
                    to = limit;
                    start = limit;
                    return true;
                }
                return false;
            }
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, limit - start);
                scanned -= start;
                limit -= start;
                start = 0;
            }
            if (limit == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
    }

    byte[] buffer() {
        return buffer;
    }

    int from() {
        return from;
    }

    int to() {
        return to;
    }

    boolean isBlank() {
        for (int i = from; i < to; i++) {
            byte b = buffer[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
