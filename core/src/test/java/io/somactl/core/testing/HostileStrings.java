package io.somactl.core.testing;

import java.util.List;

/** Strings that break naive quoting or printing: quotes, escapes, SQL, NUL, newlines, ANSI, bidi, emoji. */
public final class HostileStrings {
    public static final List<String> ALL = List.of(
            "plain",
            "O'Brien",
            "back\\slash",
            "\\'",
            "x'); DROP TABLE t; --",
            "nul\0byte",
            "line\nbreak",
            "cr\rtab\t",
            "\u001b[31mred",
            "Zoë 東京",
            "\u202Eevil",
            "🙂 emoji",
            "\\N",
            "",
            "'",
            "\\",
            "a\\0b");

    private HostileStrings() {}
}
