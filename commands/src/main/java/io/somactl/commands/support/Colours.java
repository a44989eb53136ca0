package io.somactl.commands.support;

import java.util.Map;

/**
 * Whether the table may colour its cells: only when standard output is a terminal, never when
 * {@code NO_COLOR} is set (to anything, even empty) and never when {@code TERM=dumb}. JSON, YAML and
 * CSV are never coloured.
 */
public final class Colours {
    private static final String RESET = "\u001b[0m";

    private Colours() {}

    public static boolean enabled(Map<String, String> environment, boolean terminal) {
        return terminal && !environment.containsKey("NO_COLOR") && !"dumb".equals(environment.get("TERM"));
    }

    /** The text in the tone's colour (green, yellow, red); plain text unchanged. */
    static String paint(String text, Cell.Tone tone) {
        String colour = switch (tone) {
            case GOOD -> "\u001b[32m";
            case WARNING -> "\u001b[33m";
            case BAD -> "\u001b[31m";
            case PLAIN -> null;
        };
        return colour == null ? text : colour + text + RESET;
    }
}
