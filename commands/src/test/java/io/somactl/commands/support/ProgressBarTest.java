package io.somactl.commands.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress line on a terminal: ANSI clears where the terminal understands it, spaces under {@code TERM=dumb}. */
class ProgressBarTest {
    private final StringWriter text = new StringWriter();
    private final PrintWriter err = new PrintWriter(text);

    @Test
    void underTermDumbTheLineIsOverwrittenWithSpacesNeverWithEscapes() throws Exception {
        assertFalse(Terminals.ansi(Map.of("TERM", "dumb")));
        ProgressBar bar = new ProgressBar(err, true, Terminals.ansi(Map.of("TERM", "dumb")), true, "replay", "events");
        bar.message("ClickHouse is aggregating the period");
        bar.message("short");
        Thread.sleep(150); // the bar redraws at most ten times a second
        bar.at(1234, 0.5, "lag=0");
        bar.finished();
        String shown = text.toString();
        assertFalse(shown.contains("\u001b"), "no escape under TERM=dumb: " + shown.replace("\u001b", "ESC"));
        String first = "replay: ClickHouse is aggregating the period";
        String second = "replay: short";
        assertTrue(
                shown.startsWith("\r" + first + "\r" + second + " ".repeat(first.length() - second.length()) + "\r"),
                "a shorter line blanks the rest of the longer one: " + shown);
        String[] parts = shown.split("\r", -1);
        String bar3 = parts[3];
        assertTrue(bar3.startsWith("replay [###############...............]  50%  1,234 events"), bar3);
        assertEquals(" ".repeat(bar3.length()), parts[4], "finished() blanks the whole last line");
        assertEquals("", parts[5], "and returns to its start");
    }

    @Test
    void anAnsiTerminalClearsTheLineWithEscK() {
        assertTrue(Terminals.ansi(Map.of("TERM", "xterm-256color")));
        assertTrue(Terminals.ansi(Map.of()));
        ProgressBar bar = new ProgressBar(err, true, true, true, "archive", "rows");
        bar.message("working");
        bar.finished();
        assertEquals("\rarchive: working\u001b[K\r\u001b[K", text.toString());
    }

    @Test
    void offATerminalWithoutLinesNothingIsPrinted() {
        ProgressBar bar = new ProgressBar(err, false, true, false, "export", "rows");
        bar.message("working");
        bar.at(10, 0.1, "");
        bar.finished();
        assertEquals("", text.toString());
    }
}
