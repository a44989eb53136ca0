package io.somactl.core.events;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A pattern run by java.util.regex, keeping ECMA-262's meaning of {@code $}.
 *
 * <p>In ECMA-262 (what JSON Schema specifies) {@code $} matches only at the very end of the string.
 * In java.util.regex it also matches just before a final line terminator, so {@code "acme\n"} would
 * pass {@code ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$}. Every unescaped {@code $} outside a character class
 * is therefore compiled as {@code \z}.
 */
final class JavaRegexPattern implements StringPattern {

    private final String source;
    private final Pattern pattern;

    private JavaRegexPattern(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    static JavaRegexPattern compile(String ecmaRegex) {
        try {
            return new JavaRegexPattern(ecmaRegex, Pattern.compile(toJava(ecmaRegex)));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "pattern " + ecmaRegex + " is not a valid regular expression: " + e.getDescription(), e);
        }
    }

    @Override
    public boolean matches(CharSequence text) {
        return pattern.matcher(text).find();
    }

    @Override
    public String source() {
        return source;
    }

    static String toJava(String ecmaRegex) {
        StringBuilder java = new StringBuilder(ecmaRegex.length() + 4);
        boolean inClass = false;
        for (int i = 0; i < ecmaRegex.length(); i++) {
            char c = ecmaRegex.charAt(i);
            if (c == '\\' && i + 1 < ecmaRegex.length()) {
                java.append(c).append(ecmaRegex.charAt(++i));
                continue;
            }
            if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '$') {
                java.append("\\z");
                continue;
            }
            java.append(c);
        }
        return java.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
