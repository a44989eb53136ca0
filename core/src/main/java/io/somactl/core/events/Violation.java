package io.somactl.core.events;

/**
 * One way an event breaks its topic's contract, e.g. {@code $.input_tokens: must be >= 0}.
 *
 * <p>Paths and messages can quote producer-supplied text (an unknown field's name, say), so both are
 * made safe to print when the violation is created: control, bidi and separator characters are
 * escaped as {@code \\uXXXX} and overly long text is shortened.
 *
 * @param path    JSONPath of the offending value, {@code $} for the whole event
 * @param message what is wrong with it, for a person
 */
public record Violation(String path, String message) {

    private static final int MAX_PRINTED_CHARS = 200;

    public Violation {
        path = printable(path == null || path.isEmpty() ? "$" : path);
        message = printable(message == null ? "" : message);
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }

    private static String printable(String text) {
        int keep = Math.min(text.length(), MAX_PRINTED_CHARS);
        StringBuilder out = new StringBuilder(keep + 16);
        for (int i = 0; i < keep; i++) {
            char c = text.charAt(i);
            if (isUnsafeToPrint(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > keep) {
            out.append("...(").append(text.length() - keep).append(" more chars)");
        }
        return out.toString();
    }

    private static boolean isUnsafeToPrint(char c) {
        return Character.isISOControl(c) // C0, DEL, C1: newlines, NUL, terminal escapes
                || (c >= '\u200B' && c <= '\u200F') // zero-width chars, LRM, RLM
                || (c >= '\u2028' && c <= '\u202E') // line/paragraph separators, bidi embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069') // bidi isolates
                || c == '\u061C'
                || c == '\uFEFF' // Arabic letter mark, BOM
                || Character.isSurrogate(c); // a lone half breaks output; pairs (emoji) are escaped too
    }
}
