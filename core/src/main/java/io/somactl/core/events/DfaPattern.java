package io.somactl.core.events;

import io.somactl.core.events.RegexSubset.Alt;
import io.somactl.core.events.RegexSubset.Begin;
import io.somactl.core.events.RegexSubset.Chars;
import io.somactl.core.events.RegexSubset.End;
import io.somactl.core.events.RegexSubset.Node;
import io.somactl.core.events.RegexSubset.Repeat;
import io.somactl.core.events.RegexSubset.Seq;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A pattern of {@link RegexSubset} compiled to a deterministic automaton over code points: one table
 * look-up per character, no allocation, linear time whatever the input.
 *
 * <p>It answers what {@code Matcher.find()} answers (the boolean result of a regex without
 * back-references or look-arounds depends only on the language it denotes, not on how an engine
 * backtracks): the automaton tries a match from every position at once, the way find() tries each
 * start in turn. Like java.util.regex it steps over a surrogate pair as one code point and over a lone
 * surrogate as one unit.
 */
final class DfaPattern implements StringPattern {

    private static final int MAX_NFA_STATES = 20_000;
    private static final int MAX_DFA_STATES = 4_000;

    private final String source;
    private final int[] boundaries; // equivalence class k covers [boundaries[k], boundaries[k+1])
    private final byte[] asciiClass;
    private final int classes;
    private final int[] next; // next[state * classes + class]
    private final boolean[] matchedAlready; // a match ends here: find() is true whatever follows
    private final boolean[] matchesAtEnd; // a match ends here if the text ends here ($ satisfied)
    private final boolean[] hopeless; // no match can be reached any more

    private DfaPattern(
            String source,
            int[] boundaries,
            int[] next,
            boolean[] matchedAlready,
            boolean[] matchesAtEnd,
            boolean[] hopeless) {
        this.source = source;
        this.boundaries = boundaries;
        this.classes = boundaries.length;
        this.next = next;
        this.matchedAlready = matchedAlready;
        this.matchesAtEnd = matchesAtEnd;
        this.hopeless = hopeless;
        this.asciiClass = new byte[128];
        for (int c = 0; c < 128; c++) {
            asciiClass[c] = (byte) classOf(boundaries, c);
        }
    }

    /** The compiled pattern, or null if it is outside the subset or would make too big an automaton. */
    static DfaPattern tryCompile(String regex) {
        Node tree = RegexSubset.parse(regex);
        if (tree == null || boundaries(tree, new TreeSet<>()).size() > 127) {
            return null;
        }
        Nfa nfa = new Nfa();
        int start;
        try {
            start = nfa.emit(tree, nfa.add(Nfa.MATCH, -1, null));
        } catch (TooBig e) {
            return null;
        }
        return nfa.determinize(regex, start);
    }

    @Override
    public boolean matches(CharSequence text) {
        int state = 0;
        if (matchedAlready[state]) {
            return true;
        }
        int length = text.length();
        for (int i = 0; i < length; ) {
            char c = text.charAt(i);
            int cls;
            if (c < 128) {
                cls = asciiClass[c];
                i++;
            } else {
                int cp = Character.codePointAt(text, i);
                cls = classOf(boundaries, cp);
                i += Character.charCount(cp);
            }
            state = next[state * classes + cls];
            if (matchedAlready[state]) {
                return true;
            }
            if (hopeless[state]) {
                return false;
            }
        }
        return matchesAtEnd[state];
    }

    @Override
    public boolean matchesAscii(byte[] bytes, int from, int to) {
        int state = 0;
        if (matchedAlready[state]) {
            return true;
        }
        for (int i = from; i < to; i++) {
            state = next[state * classes + asciiClass[bytes[i]]];
            if (matchedAlready[state]) {
                return true;
            }
            if (hopeless[state]) {
                return false;
            }
        }
        return matchesAtEnd[state];
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    private static int classOf(int[] boundaries, int cp) {
        int at = Arrays.binarySearch(boundaries, cp);
        return at >= 0 ? at : -at - 2;
    }

    private static TreeSet<Integer> boundaries(Node node, TreeSet<Integer> into) {
        into.add(0);
        switch (node) {
            case Chars chars -> {
                for (int i = 0; i < chars.ranges().length; i += 2) {
                    into.add(chars.ranges()[i]);
                    if (chars.ranges()[i + 1] < RegexSubset.MAX_CODE_POINT) {
                        into.add(chars.ranges()[i + 1] + 1);
                    }
                }
            }
            case Seq seq -> seq.items().forEach(item -> boundaries(item, into));
            case Alt alt -> alt.options().forEach(option -> boundaries(option, into));
            case Repeat repeat -> boundaries(repeat.item(), into);
            case Begin begin -> {}
            case End end -> {}
        }
        return into;
    }

    /** A Thompson automaton, built back to front: emit(node, next) is the state that matches node then goes on to next. */
    private static final class Nfa {
        static final int CHARS = 0;
        static final int SPLIT = 1;
        static final int BEGIN = 2;
        static final int END = 3;
        static final int MATCH = 4;

        final List<Integer> kind = new ArrayList<>();
        final List<int[]> outs = new ArrayList<>();
        final List<Chars> sets = new ArrayList<>();

        int add(int k, int out, Chars set) {
            return addSplit(k, out < 0 ? new int[0] : new int[] {out}, set);
        }

        int addSplit(int k, int[] targets, Chars set) {
            if (kind.size() >= MAX_NFA_STATES) {
                throw new TooBig();
            }
            kind.add(k);
            outs.add(targets);
            sets.add(set);
            return kind.size() - 1;
        }

        int emit(Node node, int next) {
            return switch (node) {
                case Chars chars -> add(CHARS, next, chars);
                case Begin begin -> add(BEGIN, next, null);
                case End end -> add(END, next, null);
                case Seq seq -> {
                    int entry = next;
                    for (int i = seq.items().size() - 1; i >= 0; i--) {
                        entry = emit(seq.items().get(i), entry);
                    }
                    yield entry;
                }
                case Alt alt -> {
                    int[] entries = new int[alt.options().size()];
                    for (int i = 0; i < entries.length; i++) {
                        entries[i] = emit(alt.options().get(i), next);
                    }
                    yield addSplit(SPLIT, entries, null);
                }
                case Repeat repeat -> {
                    int entry;
                    if (repeat.max() < 0) {
                        int loop = addSplit(SPLIT, new int[] {-1, next}, null);
                        outs.get(loop)[0] = emit(repeat.item(), loop);
                        entry = loop;
                    } else {
                        entry = next;
                        for (int i = repeat.min(); i < repeat.max(); i++) {
                            entry = addSplit(SPLIT, new int[] {emit(repeat.item(), entry), next}, null);
                        }
                    }
                    for (int i = 0; i < repeat.min(); i++) {
                        entry = emit(repeat.item(), entry);
                    }
                    yield entry;
                }
            };
        }

        /** The states reachable without consuming a character; BEGIN passes only at the start of the text, END only when {@code atEnd}. */
        BitSet closure(BitSet from, boolean atStart, boolean atEnd) {
            BitSet seen = new BitSet();
            ArrayDeque<Integer> todo = new ArrayDeque<>();
            from.stream().forEach(todo::push);
            while (!todo.isEmpty()) {
                int s = todo.pop();
                if (seen.get(s)) {
                    continue;
                }
                seen.set(s);
                int k = kind.get(s);
                boolean passes = k == SPLIT || (k == BEGIN && atStart) || (k == END && atEnd);
                if (passes) {
                    for (int out : outs.get(s)) {
                        todo.push(out);
                    }
                }
            }
            return seen;
        }

        /** Keeps the states that matter for what comes next (character sets, ends and the match). */
        BitSet significant(BitSet states) {
            BitSet kept = new BitSet();
            states.stream()
                    .filter(s -> kind.get(s) != SPLIT && kind.get(s) != BEGIN)
                    .forEach(kept::set);
            return kept;
        }

        boolean containsMatch(BitSet states) {
            return states.stream().anyMatch(s -> kind.get(s) == MATCH);
        }

        DfaPattern determinize(String regex, int start) {
            int[] boundaries = boundaries(rebuildTree(), new TreeSet<>()).stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
            int classes = boundaries.length;
            BitSet startSet = new BitSet();
            startSet.set(start);
            BitSet restart = significant(closure(startSet, false, false));

            List<BitSet> states = new ArrayList<>();
            List<Boolean> atStart = new ArrayList<>();
            Map<BitSet, Integer> ids = new HashMap<>();
            states.add(significant(closure(startSet, true, false)));
            atStart.add(true);
            List<int[]> rows = new ArrayList<>();
            for (int id = 0; id < states.size(); id++) {
                BitSet current = states.get(id);
                int[] row = new int[classes];
                for (int cls = 0; cls < classes; cls++) {
                    int representative = boundaries[cls];
                    BitSet stepped = new BitSet();
                    current.stream()
                            .filter(s -> kind.get(s) == CHARS && sets.get(s).contains(representative))
                            .forEach(s -> stepped.set(outs.get(s)[0]));
                    BitSet target = significant(closure(stepped, false, false));
                    target.or(restart); // find(): a match may also start here
                    Integer known = ids.get(target);
                    if (known == null) {
                        if (states.size() >= MAX_DFA_STATES) {
                            return null;
                        }
                        known = states.size();
                        ids.put(target, known);
                        states.add(target);
                        atStart.add(false);
                    }
                    row[cls] = known;
                }
                rows.add(row);
            }
            int n = states.size();
            int[] next = new int[n * classes];
            boolean[] matchedAlready = new boolean[n];
            boolean[] matchesAtEnd = new boolean[n];
            for (int id = 0; id < n; id++) {
                System.arraycopy(rows.get(id), 0, next, id * classes, classes);
                matchedAlready[id] = containsMatch(states.get(id));
                matchesAtEnd[id] = containsMatch(closure(states.get(id), atStart.get(id), true));
            }
            return new DfaPattern(
                    regex,
                    boundaries,
                    next,
                    matchedAlready,
                    matchesAtEnd,
                    hopeless(next, classes, matchedAlready, matchesAtEnd));
        }

        private Node rebuildTree() {
            List<Node> all = new ArrayList<>();
            for (Chars set : sets) {
                if (set != null) {
                    all.add(set);
                }
            }
            return new Seq(all);
        }

        private static boolean[] hopeless(int[] next, int classes, boolean[] matchedAlready, boolean[] matchesAtEnd) {
            int n = matchedAlready.length;
            boolean[] hopeful = new boolean[n];
            for (int s = 0; s < n; s++) {
                hopeful[s] = matchedAlready[s] || matchesAtEnd[s];
            }
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int s = 0; s < n; s++) {
                    if (hopeful[s]) {
                        continue;
                    }
                    for (int cls = 0; cls < classes; cls++) {
                        if (hopeful[next[s * classes + cls]]) {
                            hopeful[s] = true;
                            changed = true;
                            break;
                        }
                    }
                }
            }
            boolean[] hopeless = new boolean[n];
            for (int s = 0; s < n; s++) {
                hopeless[s] = !hopeful[s];
            }
            return hopeless;
        }
    }

    private static final class TooBig extends RuntimeException {
        TooBig() {
            super(null, null, false, false);
        }
    }
}
