package io.somactl.core.events;

/**
 * A JSON Schema {@code pattern}, compiled once. As JSON Schema specifies, a pattern is not implicitly
 * anchored: a string matches if some part of it matches ({@link java.util.regex.Matcher#find()}).
 */
interface StringPattern {

    /** Whether some part of {@code text} matches the pattern. Thread-safe. */
    boolean matches(CharSequence text);

    /** Whether some part of the ASCII text {@code bytes[from, to)} matches the pattern. Thread-safe. */
    default boolean matchesAscii(byte[] bytes, int from, int to) {
        return matches(new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** The pattern as written in the schema. */
    String source();

    /**
     * The fastest matcher that means exactly what {@link JavaRegexPattern} means: a DFA for the small
     * regex subset our schemas use, java.util.regex for anything else.
     *
     * @throws IllegalArgumentException if java.util.regex cannot compile the pattern either
     */
    static StringPattern compile(String ecmaRegex) {
        StringPattern fast = DfaPattern.tryCompile(ecmaRegex);
        return fast != null ? fast : JavaRegexPattern.compile(ecmaRegex);
    }
}
