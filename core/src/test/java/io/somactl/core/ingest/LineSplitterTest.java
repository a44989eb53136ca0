package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.somactl.core.events.Topic;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line splitting of replay files (lines across buffer ends, no final newline) and the envelope fast path. */
class LineSplitterTest {
    @Test
    void splitsLinesOfAnyLengthAcrossReadsWhateverTheChunkSize() throws IOException {
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String line = i % 7 == 0 ? "" : "x".repeat(i * 131 % 700_000 == 0 ? 1 : (i * 131) % 5_000) + i;
            expected.add(line);
            text.append(line).append('\n');
        }
        expected.add("last line without a newline");
        text.append("last line without a newline");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 7, 4096, 1 << 20}) {
            assertEquals(expected, lines(new Trickle(bytes, chunk)), "chunks of " + chunk);
        }
    }

    @Test
    void aLineLongerThanTheBufferIsWhole() throws IOException {
        String long1 = "y".repeat(1 << 20);
        assertEquals(
                List.of("a", long1, "b"),
                lines(new ByteArrayInputStream(("a\n" + long1 + "\nb\n").getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theEnvelopeAsArchiveWritesItIsCutApartAnythingElseIsLeftToTheParser() {
        byte[] line = "{\"topic\":\"tool.metrics\",\"event\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8);
        assertEquals(Topic.TOOL_METRICS, Envelopes.topic(line, 0, line.length));
        int start = Envelopes.eventStart(Topic.TOOL_METRICS);
        assertEquals("{\"a\":1}", new String(line, start, line.length - 1 - start, StandardCharsets.UTF_8));
        for (String other : List.of(
                "{\"topic\": \"tool.metrics\",\"event\":{}}",
                "{\"event\":{},\"topic\":\"tool.metrics\"}",
                "{\"topic\":\"tool.metrics\",\"event\":[1]}",
                "{\"topic\":\"tool.metricz\",\"event\":{}}",
                "{\"topic\":\"tool.metrics\",\"event\":{}",
                "{\"topic\":\"tool\\u002emetrics\",\"event\":{}}")) {
            byte[] bytes = other.getBytes(StandardCharsets.UTF_8);
            assertNull(Envelopes.topic(bytes, 0, bytes.length), other);
        }
    }

    private static List<String> lines(InputStream in) throws IOException {
        LineSplitter splitter = new LineSplitter(in);
        List<String> lines = new ArrayList<>();
        while (splitter.next()) {
            lines.add(new String(
                    splitter.buffer(), splitter.from(), splitter.to() - splitter.from(), StandardCharsets.UTF_8));
        }
        return lines;
    }

    /** Hands out at most {@code chunk} bytes a read, as a gzip stream may. */
    private static final class Trickle extends ByteArrayInputStream {
        private final int chunk;

        Trickle(byte[] bytes, int chunk) {
            super(bytes);
            this.chunk = chunk;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, chunk));
        }
    }
}
