package io.somactl.core.events;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * Compiles JSON Schema {@code pattern}s with java.util.regex, keeping ECMA-262's meaning of {@code $}.
 *
 * <p>In ECMA-262 (what JSON Schema specifies) {@code $} matches only at the very end of the string.
 * In java.util.regex it also matches just before a final line terminator, so with the validator's
 * default JDK engine {@code "acme\n"} would pass {@code ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$}. Every
 * unescaped {@code $} outside a character class is therefore compiled as {@code \z}.
 */
final class EndAnchoredRegexFactory implements RegularExpressionFactory {

    static final EndAnchoredRegexFactory INSTANCE = new EndAnchoredRegexFactory();

    private EndAnchoredRegexFactory() {}

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(toJava(regex));
        return value -> pattern.matcher(value).find();
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
}
