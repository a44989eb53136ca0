package io.somactl.core.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes characters on to another writer (stdout) and hashes and counts their UTF-8 bytes, so a
 * CSV export to stdout can still have a manifest with the SHA-256 of exactly what was printed.
 */
final class DigestWriter extends Writer {
    private final Writer out;
    private final MessageDigest digest;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192);
    private CharBuffer pending = CharBuffer.allocate(0);
    private long count;

    DigestWriter(Writer out) {
        this.out = out;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        out.write(chars, off, len);
        CharBuffer input;
        if (pending.hasRemaining()) {
            input = CharBuffer.allocate(pending.remaining() + len);
            input.put(pending).put(chars, off, len).flip();
        } else {
            input = CharBuffer.wrap(chars, off, len);
        }
        encode(input, false);
        // an unpaired high surrogate at the end waits for its partner in the next write
        pending = input.hasRemaining() ? CharBuffer.wrap(input.toString()) : CharBuffer.allocate(0);
    }

    private void encode(CharBuffer input, boolean end) {
        while (true) {
            var result = encoder.encode(input, bytes, end);
            drain();
            if (!result.isOverflow()) {
                break;
            }
        }
    }

    private void drain() {
        bytes.flip();
        count += bytes.remaining();
        digest.update(bytes);
        bytes.clear();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    /** Ends the input and returns the SHA-256 of everything written. */
    String finish() {
        encode(pending, true);
        encoder.flush(bytes);
        drain();
        return HexFormat.of().formatHex(digest.digest());
    }

    long bytes() {
        return count;
    }
}
