package io.somactl.core.emit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at {@code \n} (a trailing {@code \r} is dropped), numbering them
 * from 1. A line longer than the limit is not kept: it is skipped to its end and reported with its
 * length, so one huge line costs at most {@code maxLineBytes} of memory. A UTF-8 byte order mark at
 * the very start is dropped. Not thread-safe.
 */
final class LineReader {
    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[CHUNK];
    private int position;
    private int limit;
    private boolean eof;
    private long lineNumber;
    private byte[] partial = new byte[256];
    private int partialLength;
    private boolean first = true;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Receives each line. */
    interface Sink {
        void line(long number, byte[] bytes);

        /** A line over the limit: {@code length} bytes without its line break. */
        void oversized(long number, long length);
    }

    /**
     * Reads the next line into {@code sink}.
     *
     * @return false at the end of the stream (nothing was passed to the sink)
     */
    boolean next(Sink sink) throws IOException {
        partialLength = 0;
        long length = 0;
        boolean oversized = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                if (!fill()) {
                    if (!any) {
                        return false;
                    }
                    deliver(sink, length, oversized);
                    return true;
                }
            }
            any = true;
            int newline = indexOfNewline(chunk, position, limit);
            int end = newline < 0 ? limit : newline;
            int run = end - position;
            length += run;
            if (!oversized) {
                if (length > maxLineBytes + 1L) { // +1: a \r before the \n does not count
                    oversized = true;
                    partialLength = 0;
                } else {
                    append(chunk, position, run);
                }
            }
            position = end;
            if (newline >= 0) {
                position++; // past the \n
                deliver(sink, length, oversized);
                return true;
            }
        }
    }

    private void deliver(Sink sink, long length, boolean oversized) {
        lineNumber++;
        boolean atStart = first;
        first = false;
        if (oversized) {
            sink.oversized(lineNumber, length);
            return;
        }
        int n = partialLength;
        if (n > 0 && partial[n - 1] == '\r') {
            n--;
        }
        int start = 0;
        if (atStart) {
            if (n >= 3 && (partial[0] & 0xFF) == 0xEF && (partial[1] & 0xFF) == 0xBB && (partial[2] & 0xFF) == 0xBF) {
                start = 3;
            }
        }
        if (n - start > maxLineBytes) {
            sink.oversized(lineNumber, n - start);
            return;
        }
        sink.line(lineNumber, Arrays.copyOfRange(partial, start, n));
    }

    private void append(byte[] source, int from, int count) {
        if (partialLength + count > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partialLength + count, partial.length * 2));
        }
        System.arraycopy(source, from, partial, partialLength, count);
        partialLength += count;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(chunk, 0, CHUNK);
        while (n == 0) {
            n = in.read(chunk, 0, CHUNK);
        }
        if (n < 0) {
            eof = true;
            position = limit = 0;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private static int indexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
