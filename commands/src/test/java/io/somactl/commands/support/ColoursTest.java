package io.somactl.commands.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Colour only on a terminal, never with NO_COLOR (any value, even empty) or TERM=dumb, never in JSON, YAML or CSV. */
class ColoursTest {
    private static String render(OutputFormat format, boolean colours) {
        StringWriter out = new StringWriter();
        Table table = Table.withColumns("server", "state")
                .row("clickhouse", Cell.state("up", Cell.Tone.GOOD))
                .row("redis-long-name", Cell.state("down", Cell.Tone.BAD));
        TableRenderer.render(table, format, new PrintWriter(out), colours);
        return out.toString();
    }

    @Test
    void onlyOnATerminalWithoutNoColorOrDumbTerm() {
        assertTrue(Colours.enabled(Map.of(), true));
        assertTrue(Colours.enabled(Map.of("TERM", "xterm-256color"), true));
        assertFalse(Colours.enabled(Map.of(), false), "not a terminal");
        assertFalse(Colours.enabled(Map.of("NO_COLOR", "1"), true));
        assertFalse(Colours.enabled(Map.of("NO_COLOR", ""), true), "NO_COLOR set to anything, even empty");
        assertFalse(Colours.enabled(Map.of("TERM", "dumb"), true));
    }

    @Test
    void colouredTableKeepsItsColumnsAlignedAndOtherFormatsAreNeverColoured() {
        String coloured = render(OutputFormat.table, true);
        assertTrue(
                coloured.contains("\u001b[32mup\u001b[0m") && coloured.contains("\u001b[31mdown\u001b[0m"), coloured);
        String plain = render(OutputFormat.table, false);
        assertFalse(plain.contains("\u001b"), plain);
        assertEquals(plain, coloured.replaceAll("\u001b\\[\\d+m", ""), "colour changes no character nor the alignment");
        for (OutputFormat format : new OutputFormat[] {OutputFormat.json, OutputFormat.yaml, OutputFormat.csv}) {
            assertFalse(render(format, true).contains("\u001b"), format + " is never coloured");
        }
    }
}
