package io.somactl.core.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static List<String> read(byte[] input, int maxLineBytes) throws Exception {
        List<String> seen = new ArrayList<>();
        LineReader reader = new LineReader(new ByteArrayInputStream(input), maxLineBytes);
        LineReader.Sink sink = new LineReader.Sink() {
            @Override
            public void line(long number, byte[] bytes) {
                seen.add(number + ":" + new String(bytes, StandardCharsets.UTF_8));
            }

            @Override
            public void oversized(long number, long length) {
                seen.add(number + ":oversized " + length);
            }
        };
        while (reader.next(sink)) {
            // collect
        }
        return seen;
    }

    private static List<String> read(String input, int maxLineBytes) throws Exception {
        return read(input.getBytes(StandardCharsets.UTF_8), maxLineBytes);
    }

    @Test
    void linesAreNumberedFromOneWithCarriageReturnsDroppedAndNoFinalNewlineNeeded() throws Exception {
        assertEquals(List.of("1:a", "2:", "3:b", "4:c"), read("a\r\n\nb\nc", 100));
        assertEquals(List.of("1:a"), read("a\n", 100), "a final newline does not make an empty last line");
        assertEquals(List.of(), read("", 100));
    }

    @Test
    void aLineOverTheLimitIsSkippedWithItsLengthAndTheNextLineIsRead() throws Exception {
        String huge = "x".repeat(300_000);
        assertEquals(List.of("1:ok", "2:oversized 300000", "3:after"), read("ok\n" + huge + "\nafter\n", 1_000));
        assertEquals(
                List.of("1:" + "y".repeat(1_000), "2:oversized 1001"),
                read("y".repeat(1_000) + "\r\n" + "y".repeat(1_001) + "\n", 1_000),
                "the limit itself is allowed");
    }

    @Test
    void linesSpanningReadChunksComeOutWhole() throws Exception {
        StringBuilder input = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 2_000; i++) {
            String line = String.valueOf(i).repeat(i % 97 + 1);
            input.append(line).append('\n');
            expected.add(i + ":" + line);
        }
        assertEquals(expected, read(input.toString(), 10_000));
    }

    @Test
    void aByteOrderMarkAtTheStartIsDropped() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}', '\n', (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '\n'
        };
        List<String> lines = read(bom, 100);
        assertEquals("1:{}", lines.get(0));
        assertEquals("2:\uFEFF", lines.get(1), "only the very first one is a byte order mark");
    }
}
