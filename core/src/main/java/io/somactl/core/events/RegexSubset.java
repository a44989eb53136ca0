package io.somactl.core.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the small regex subset {@link DfaPattern} runs: anchors {@code ^ $}, literals, escaped
 * literals, {@code .}, character classes with ranges and {@code \d \s \w} (and negations), groups
 * {@code ( )} and {@code (?: )} with alternation, and the greedy quantifiers {@code ? * + {m} {m,} {m,n}}.
 *
 * <p>Everything is read as java.util.regex reads it (the reference engine), e.g. {@code \s} is
 * {@code [ \t\n\x0B\f\r]} and {@code $} is the very end ({@code \z}, see {@link JavaRegexPattern}).
 * Anything outside the subset, or whose meaning differs between Java and ECMA-262 (nested classes,
 * {@code &&}, lazy or possessive quantifiers, surrogates in the pattern...), makes {@link #parse} return
 * null so that the caller falls back to java.util.regex.
 */
final class RegexSubset {

    /** A node of the parsed pattern. */
    sealed interface Node permits Chars, Begin, End, Seq, Alt, Repeat {}

    /** One code point out of a set given as sorted, disjoint, inclusive ranges {lo0, hi0, lo1, hi1...}. */
    record Chars(int[] ranges) implements Node {
        boolean contains(int cp) {
            for (int i = 0; i < ranges.length; i += 2) {
                if (cp < ranges[i]) {
                    return false;
                }
                if (cp <= ranges[i + 1]) {
                    return true;
                }
            }
            return false;
        }
    }

    record Begin() implements Node {}

    record End() implements Node {}

    record Seq(List<Node> items) implements Node {}

    record Alt(List<Node> options) implements Node {}

    /** {@code max} < 0: unbounded. */
    record Repeat(Node item, int min, int max) implements Node {}

    static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;
    private static final int[] DIGIT = {'0', '9'};
    private static final int[] SPACE = {'\t', '\r', ' ', ' '}; // \t \n \x0B \f \r and space
    private static final int[] WORD = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
    private static final int[] LINE_TERMINATORS = {'\n', '\n', '\r', '\r', 0x85, 0x85, 0x2028, 0x2029};
    private static final String META = "\\^$.|?*+()[]{}";

    private final String regex;
    private int pos;

    private RegexSubset(String regex) {
        this.regex = regex;
    }

    /** The pattern's tree, or null if it is outside the subset. */
    static Node parse(String regex) {
        try {
            RegexSubset parser = new RegexSubset(regex);
            Node node = parser.alternation();
            return parser.pos == regex.length() ? node : null;
        } catch (OutsideSubset e) {
            return null;
        }
    }

    private Node alternation() {
        List<Node> options = new ArrayList<>();
        options.add(sequence());
        while (peek() == '|') {
            pos++;
            options.add(sequence());
        }
        return options.size() == 1 ? options.get(0) : new Alt(options);
    }

    private Node sequence() {
        List<Node> items = new ArrayList<>();
        while (pos < regex.length() && peek() != '|' && peek() != ')') {
            items.add(quantified(atom()));
        }
        return items.size() == 1 ? items.get(0) : new Seq(items);
    }

    private Node atom() {
        char c = regex.charAt(pos++);
        switch (c) {
            case '^':
                return new Begin();
            case '$':
                return new End();
            case '.':
                return new Chars(complement(LINE_TERMINATORS));
            case '(': {
                if (peek() == '?') {
                    expect('?');
                    expect(':');
                }
                Node inner = alternation();
                expect(')');
                return inner;
            }
            case '[':
                return characterClass();
            case '\\':
                return new Chars(escape(false));
            default:
                if (META.indexOf(c) >= 0) {
                    throw new OutsideSubset();
                }
                return new Chars(literal(c));
        }
    }

    private Node quantified(Node atom) {
        int min;
        int max;
        switch (peek()) {
            case '?' -> {
                min = 0;
                max = 1;
            }
            case '*' -> {
                min = 0;
                max = -1;
            }
            case '+' -> {
                min = 1;
                max = -1;
            }
            case '{' -> {
                pos++;
                min = number();
                max = min;
                if (peek() == ',') {
                    pos++;
                    max = peek() == '}' ? -1 : number();
                }
                if (peek() != '}' || (max >= 0 && max < min)) {
                    throw new OutsideSubset();
                }
            }
            default -> {
                return atom;
            }
        }
        pos++;
        char after = peek();
        if (after == '?'
                || after == '+'
                || after == '*'
                || after == '{'
                || atom instanceof Begin
                || atom instanceof End) {
            throw new OutsideSubset(); // lazy, possessive, stacked, or a quantified anchor
        }
        return new Repeat(atom, min, max);
    }

    private int number() {
        int start = pos;
        while (pos < regex.length() && regex.charAt(pos) >= '0' && regex.charAt(pos) <= '9' && pos - start < 6) {
            pos++;
        }
        if (pos == start) {
            throw new OutsideSubset();
        }
        return Integer.parseInt(regex, start, pos, 10);
    }

    private Chars characterClass() {
        boolean negated = peek() == '^';
        if (negated) {
            pos++;
        }
        if (peek() == ']') {
            throw new OutsideSubset(); // []...] and [^]...] differ between engines
        }
        List<int[]> parts = new ArrayList<>();
        boolean lastWasSingle = false;
        int lastChar = -1;
        while (true) {
            if (pos >= regex.length()) {
                throw new OutsideSubset();
            }
            char c = regex.charAt(pos++);
            if (c == ']') {
                break;
            }
            if (c == '[' || (c == '&' && peek() == '&')) {
                throw new OutsideSubset(); // Java's nested classes and intersections
            }
            if (c == '-' && peek() != ']' && !parts.isEmpty()) {
                if (!lastWasSingle) {
                    throw new OutsideSubset();
                }
                int[] hiSet = classAtom(regex.charAt(pos++));
                if (hiSet.length != 2 || hiSet[0] != hiSet[1] || hiSet[0] < lastChar) {
                    throw new OutsideSubset();
                }
                parts.set(parts.size() - 1, new int[] {lastChar, hiSet[0]});
                lastWasSingle = false;
                continue;
            }
            int[] set = classAtom(c);
            parts.add(set);
            lastWasSingle = set.length == 2 && set[0] == set[1] && !(c == '\\' && isSetEscape());
            lastChar = set[0];
        }
        int[] union = union(parts);
        return new Chars(negated ? complement(union) : union);
    }

    private boolean isSetEscape() {
        return "dDsSwW".indexOf(regex.charAt(pos - 1)) >= 0;
    }

    private int[] classAtom(char c) {
        return c == '\\' ? escape(true) : literal(c);
    }

    private int[] escape(boolean inClass) {
        if (pos >= regex.length()) {
            throw new OutsideSubset();
        }
        char c = regex.charAt(pos++);
        return switch (c) {
            case 'd' -> DIGIT;
            case 'D' -> complement(DIGIT);
            case 's' -> SPACE;
            case 'S' -> complement(SPACE);
            case 'w' -> WORD;
            case 'W' -> complement(WORD);
            case 't' -> single('\t');
            case 'n' -> single('\n');
            case 'r' -> single('\r');
            case 'f' -> single('\f');
            default -> {
                // Java: a backslash before a non-alphabetic character always quotes it
                if (c < 128 && !Character.isLetterOrDigit(c)) {
                    yield single(c);
                }
                throw new OutsideSubset();
            }
        };
    }

    private static int[] literal(char c) {
        if (Character.isSurrogate(c)) {
            throw new OutsideSubset(); // Java and ECMA treat surrogates in patterns differently
        }
        return single(c);
    }

    private static int[] single(int cp) {
        return new int[] {cp, cp};
    }

    private char peek() {
        return pos < regex.length() ? regex.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (pos >= regex.length() || regex.charAt(pos) != c) {
            throw new OutsideSubset();
        }
        pos++;
    }

    static int[] union(List<int[]> sets) {
        List<int[]> ranges = new ArrayList<>();
        for (int[] set : sets) {
            for (int i = 0; i < set.length; i += 2) {
                ranges.add(new int[] {set[i], set[i + 1]});
            }
        }
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] out = new int[ranges.size() * 2];
        int n = 0;
        for (int[] r : ranges) {
            if (n > 0 && r[0] <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], r[1]);
            } else {
                out[n++] = r[0];
                out[n++] = r[1];
            }
        }
        return Arrays.copyOf(out, n);
    }

    static int[] complement(int[] set) {
        int[] sorted = union(List.of(set));
        int[] out = new int[sorted.length + 2];
        int n = 0;
        int next = 0;
        for (int i = 0; i < sorted.length; i += 2) {
            if (sorted[i] > next) {
                out[n++] = next;
                out[n++] = sorted[i] - 1;
            }
            next = sorted[i + 1] + 1;
        }
        if (next <= MAX_CODE_POINT) {
            out[n++] = next;
            out[n++] = MAX_CODE_POINT;
        }
        return Arrays.copyOf(out, n);
    }

    private static final class OutsideSubset extends RuntimeException {
        OutsideSubset() {
            super(null, null, false, false);
        }
    }
}
