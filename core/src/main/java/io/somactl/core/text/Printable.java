package io.somactl.core.text;

/**
 * User input as an error message may echo it: quoted, on one line, in reading order, and short. A
 * name of 10,000 characters, a newline that would forge a second line of output, an ANSI escape or
 * a right-to-left override (U+202E) that would reorder what the terminal shows are all made
 * harmless: control, format (bidi, zero-width) and line/paragraph separator characters are shown as
 * escapes ({@code \n}, {@code \t}, {@code \u202E}), backslash and quote are escaped, and anything past
 * {@value #MAX_CODE_POINTS} characters is cut with the full length said: {@code 'aaaa…'(10000 chars)}.
 */
public final class Printable {
    /** The most characters of one echoed value shown. */
    public static final int MAX_CODE_POINTS = 64;
    /** The most characters of a whole error message shown (a safety net for values no site quoted). */
    public static final int MAX_MESSAGE_CODE_POINTS = 2000;

    private Printable() {}

    /** {@code value} in single quotes, escaped and cut to {@value #MAX_CODE_POINTS} characters; {@code null} as {@code (none)}. */
    public static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        int length = value.codePointCount(0, value.length());
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_CODE_POINTS * 2) + 16).append('\'');
        int shown = 0;
        for (int i = 0; i < value.length() && shown < MAX_CODE_POINTS; shown++) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\'' || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else {
                appendSafe(out, cp, true);
            }
        }
        out.append('\'');
        if (length > MAX_CODE_POINTS) {
            out.insert(out.length() - 1, '…').append("(").append(length).append(" chars)");
        }
        return out.toString();
    }

    /**
     * A whole message made safe to print as it is: control and format characters escaped except line
     * breaks and tabs (some messages list problems on their own lines; stack traces indent), and cut to
     * {@value #MAX_MESSAGE_CODE_POINTS} characters. The last line of defence for values no site quoted.
     */
    public static String message(String text) {
        if (text == null) {
            return "";
        }
        text = shortenQuoted(text);
        int length = text.codePointCount(0, text.length());
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_MESSAGE_CODE_POINTS) + 16);
        int shown = 0;
        for (int i = 0; i < text.length() && shown < MAX_MESSAGE_CODE_POINTS; shown++) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n' || cp == '\t') {
                out.appendCodePoint(cp);
            } else {
                appendSafe(out, cp, false);
            }
        }
        if (length > MAX_MESSAGE_CODE_POINTS) {
            out.append("…(").append(length).append(" chars)");
        }
        return out.toString();
    }

    private static final java.util.regex.Pattern LONG_QUOTED =
            java.util.regex.Pattern.compile("'([^'\n]{" + (MAX_CODE_POINTS + 1) + ",})'");

    /** A quoted value longer than {@value #MAX_CODE_POINTS} characters, as picocli and others echo input, is cut as {@link #quote} would. */
    private static String shortenQuoted(String text) {
        if (text.length() <= MAX_CODE_POINTS + 2) {
            return text;
        }
        java.util.regex.Matcher m = LONG_QUOTED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String inner = m.group(1);
            boolean cut = inner.endsWith("…") && text.startsWith("(", m.end()); // quote() did it already
            String replacement =
                    !cut && inner.codePointCount(0, inner.length()) > MAX_CODE_POINTS ? quote(inner) : m.group();
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether {@code cp} would change what a terminal shows beyond itself: controls, bidi and other format characters, separators. */
    static boolean unsafe(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE
                || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED;
    }

    private static void appendSafe(StringBuilder out, int cp, boolean escapeLineBreaks) {
        if (!unsafe(cp)) {
            out.appendCodePoint(cp);
            return;
        }
        switch (cp) {
            case '\n' -> out.append(escapeLineBreaks ? "\\n" : "\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 0 -> out.append("\\0");
            default -> {
                if (cp > 0xFFFF) {
                    out.append(String.format("\\U%08X", cp));
                } else {
                    out.append(String.format("\\u%04X", cp));
                }
            }
        }
    }
}
