package io.somactl.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DFA that runs our schemas' patterns says exactly what java.util.regex (find(), with {@code $}
 * as the very end) says, on every string: checked on random and mutated strings with a fixed seed.
 */
class StringPatternAgreesWithJavaRegexTest {

    /** Patterns in the subset beyond the bundled ones: unanchored, alternations, shorthand classes, dot, loops. */
    private static final List<String> MORE_SUBSET_PATTERNS = List.of(
            "[0-9]{3}",
            "a|b$",
            "^(ab|a)*c?$",
            "x+y*z?",
            "\\d{2,}-\\w+",
            "^\\S+$",
            "[^a-z]",
            ".$",
            "^.{2,5}$",
            "(?:ab){2}",
            "^$",
            "",
            "a(|b)c",
            "[\\s\\-]{1,3}",
            "^[^/@\\s]+(/[^\\s]*)?$",
            "[-a]",
            "[a-]+",
            "\\.\\*\\+",
            "(a|b|)+$",
            "^(a*)*b",
            "^[A-Za-z0-9][A-Za-z0-9._:/@+=-]{0,127}");

    private static final String ALPHABET = "aAbz09-_.:/@+=TZ \t\n\r\u000B\u0085\u2028\u2029\u00e9\u00a0\u0000xyc$^*";
    private static final int STRINGS_PER_PATTERN = 20_000;

    static Stream<String> bundledPatterns() {
        TreeSet<String> patterns = new TreeSet<>();
        for (Topic topic : Topic.values()) {
            JsonNode schema = ContractFiles.readJson(ContractFiles.schemaFile(topic));
            schema.get("properties").forEach(spec -> {
                if (spec.has("pattern")) {
                    patterns.add(spec.get("pattern").textValue());
                }
            });
        }
        return patterns.stream();
    }

    static Stream<String> subsetPatterns() {
        return Stream.concat(bundledPatterns(), MORE_SUBSET_PATTERNS.stream());
    }

    @ParameterizedTest
    @MethodSource("bundledPatterns")
    void everyBundledPatternRunsOnTheFastMatcher(String pattern) {
        assertInstanceOf(
                DfaPattern.class,
                StringPattern.compile(pattern),
                () -> "the bundled pattern " + pattern
                        + " should compile to the DFA, not fall back to java.util.regex");
    }

    @ParameterizedTest
    @MethodSource("subsetPatterns")
    void fastMatcherAgreesWithJavaRegexOnRandomAndMutatedStrings(String pattern) {
        DfaPattern fast = DfaPattern.tryCompile(pattern);
        assertNotNull(fast, () -> pattern + " is in the subset and should compile to the DFA");
        JavaRegexPattern reference = JavaRegexPattern.compile(pattern);
        Random random = new Random(pattern.hashCode());
        List<String> seeds = seedsFor(reference, random);
        for (int i = 0; i < STRINGS_PER_PATTERN; i++) {
            String text = i % 2 == 0 ? randomString(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
            assertEquals(
                    reference.matches(text),
                    fast.matches(text),
                    () -> "pattern " + pattern + " on " + escaped(text) + ": java.util.regex and the DFA disagree");
            if (text.chars().allMatch(c -> c < 0x80)) {
                byte[] padded = ("\"" + text + "\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                assertEquals(
                        reference.matches(text),
                        fast.matchesAscii(padded, 1, padded.length - 1),
                        () -> "pattern " + pattern + " on the bytes of " + escaped(text)
                                + ": java.util.regex and the DFA disagree");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a{2,1}",
                "(?=a)b",
                "\\1",
                "a*?",
                "a++",
                "[a&&b]",
                "[[a]]",
                "\\p{L}",
                "\\bword",
                "[]a]",
                "a{1000000}",
                "\ud83d\ude00",
                "\\x41",
                "\\u0041",
                "(?i)a",
                "[\\d-z]",
                "[a-c-e]"
            })
    void patternsOutsideTheSubsetFallBackToJavaRegex(String pattern) {
        assertNull(
                DfaPattern.tryCompile(pattern),
                () -> pattern + " is outside the subset and should not compile to the DFA");
        try {
            StringPattern fallback = StringPattern.compile(pattern);
            assertInstanceOf(JavaRegexPattern.class, fallback);
        } catch (IllegalArgumentException invalidForJavaToo) {
            assertTrue(invalidForJavaToo.getMessage().contains(pattern));
        }
    }

    @Test
    void dollarMeansTheVeryEndNotBeforeAFinalNewline() {
        StringPattern tenant = StringPattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

        assertTrue(tenant.matches("acme"));
        assertEquals(false, tenant.matches("acme\n"));
    }

    @Test
    void aPatternIsNotImplicitlyAnchored() {
        assertTrue(StringPattern.compile("[0-9]{3}").matches("abc123def"));
        assertEquals(false, StringPattern.compile("^[0-9]{3}$").matches("abc123def"));
    }

    @Test
    void anInvalidPatternIsRefusedNamingIt() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> StringPattern.compile("a{2,1}"));
        assertTrue(e.getMessage().contains("a{2,1}"), e::getMessage);
    }

    // ---- strings

    /** Strings that match (found by generating), and near misses of them. */
    private static List<String> seedsFor(JavaRegexPattern reference, Random random) {
        List<String> seeds = new ArrayList<>(List.of(
                "",
                "f723024d-cc59-49e7-a5f1-ec09b98c8e80",
                "2023-11-16T18:15:46.680Z",
                "2099-12-31T23:59:59.999Z",
                "1970-01-01T00:00:00.000Z",
                "acme-corp",
                "support-agent",
                "https://x.example/v1",
                "http://10.0.0.1:8000/",
                "a".repeat(64),
                "a".repeat(128),
                "a".repeat(129),
                "0".repeat(64),
                "ab",
                "abab",
                "aabc",
                "xyz",
                "12-x",
                "a.b.c",
                "..."));
        for (int i = 0; i < 2_000 && seeds.size() < 200; i++) {
            String candidate = randomString(random);
            if (reference.matches(candidate)) {
                seeds.add(candidate);
            }
        }
        return seeds;
    }

    private static String randomString(Random random) {
        int length = random.nextInt(10) == 0 ? random.nextInt(300) : random.nextInt(12);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(randomUnit(random));
        }
        return s.toString();
    }

    private static String randomUnit(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> "\ud83d\ude00"; // a surrogate pair (emoji)
            case 1 -> String.valueOf((char) (0xD800 + random.nextInt(0x800))); // a lone surrogate
            case 2 -> String.valueOf((char) random.nextInt(0x3000));
            default -> String.valueOf(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        };
    }

    private static String mutate(String seed, Random random) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(s.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> s.insert(at, randomUnit(random));
                case 1 -> {
                    if (at < s.length()) {
                        s.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (at < s.length()) {
                        s.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    }
                }
                case 3 -> s.append(random.nextBoolean() ? "\n" : "\r\n");
                case 4 -> s.append(seed);
                default -> {}
            }
        }
        return s.toString();
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.chars()
                .forEach(
                        c -> out.append(c < 0x20 || c > 0x7E ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.append('"').toString();
    }
}
