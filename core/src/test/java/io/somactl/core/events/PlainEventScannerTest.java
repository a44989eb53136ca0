package io.somactl.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fast way through plain events gives exactly what the thorough reader gives (the same verdict
 * and, for a valid event, the same values down to the bits of each double), on real events, on
 * those events broken at random, and on the number and literal spellings where a hand-written
 * scanner could go wrong; and it does take the plain events, or it would save nothing.
 */
class PlainEventScannerTest {

    private static final int MAX_REPORTED = 10;

    @Test
    void takesEveryRealEventOfTheTokenUsageTopic() {
        CompiledEventSchema schema = CompiledEventSchema.bundled(Topic.SLM_METRICS);
        EventFields fields = schema.newFields();
        int refused = 0;
        String example = null;
        for (String event : EventCorpus.perTopic().get(Topic.SLM_METRICS)) {
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            if (!schema.readsPlainly(bytes, 0, bytes.length, fields)) {
                refused++;
                example = example == null ? event : example;
            }
        }
        assertEquals(
                0,
                refused,
                "the fast way should take every real slm.metrics event, yet left " + refused
                        + " to the thorough reader, e.g. " + example);
    }

    @Test
    void onlyAHolderReusedForPlainEventsRemembersStrings() {
        CompiledEventSchema schema = CompiledEventSchema.bundled(Topic.SLM_METRICS);
        byte[] valid = EventCorpus.perTopic().get(Topic.SLM_METRICS).get(0).getBytes(StandardCharsets.UTF_8);
        byte[] invalid = new String(valid, StandardCharsets.UTF_8)
                .replace("\"tenant\":\"", "\"tenant\":\" ")
                .getBytes(StandardCharsets.UTF_8);
        EventFields once = schema.newFields();
        assertTrue(
                !schema.read(invalid, 0, invalid.length, once).isEmpty(), "the tenant with a space should be refused");
        org.junit.jupiter.api.Assertions.assertSame(
                RecentStrings.NONE,
                once.recentStrings,
                "a holder used for one event (as emit uses one per line) should not pay for remembering strings,"
                        + " not even when the thorough reader reads the event again");
        schema.read(valid, 0, valid.length, once);
        org.junit.jupiter.api.Assertions.assertNotSame(
                RecentStrings.NONE,
                once.recentStrings,
                "a holder that read a second event the fast way is a reused one and should remember strings");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void realEventsReadTheSameBothWays(Topic topic) {
        Comparison comparison = new Comparison(topic);
        for (String event : EventCorpus.perTopic().get(topic)) {
            comparison.check(event.getBytes(StandardCharsets.UTF_8));
        }
        comparison.assertNoDifference("real events");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void brokenEventsReadTheSameBothWays(Topic topic) {
        EventMutator mutator = new EventMutator(new Random(EventCorpus.SEED * 7 + topic.ordinal()));
        Comparison comparison = new Comparison(topic);
        for (String event : EventCorpus.perTopic().get(topic)) {
            comparison.check(mutator.mutate(event));
        }
        comparison.assertNoDifference("broken events");
    }

    @Test
    void everySpellingOfANumberReadsTheSameBothWays() {
        List<String> numbers = new ArrayList<>(EventMutator.NUMBERS);
        numbers.addAll(List.of(
                "00",
                "01",
                "-",
                "-01",
                "1.",
                ".5",
                "+1",
                "1e",
                "1e+",
                "1e-",
                "1.e3",
                "1.5e",
                "0e0",
                "0.0e-0",
                "123456789012345678",
                "-123456789012345678",
                "1234567890123456789",
                "0.1",
                "0.3",
                "2.2250738585072014e-308",
                "4.9e-324",
                "1.7976931348623157e308",
                "9007199254740993",
                "9007199254740993.0",
                "0.000000000000000000000000000001",
                "1e22",
                "1e23",
                "123456789012345.678",
                "12345678901234567.8",
                "1e999",
                "1e1000",
                "1.5E-5",
                "7E3",
                "-7e-3",
                "1ee2",
                "1e2.5",
                "1-2",
                "0x10",
                "Infinity",
                "NaN",
                "1_000"));
        CompiledEventSchema schema = CompiledEventSchema.bundled(Topic.SLM_METRICS);
        String event = EventCorpus.perTopic().get(Topic.SLM_METRICS).get(0);
        Comparison comparison = new Comparison(Topic.SLM_METRICS);
        for (String field : List.of("input_tokens", "latency_ms", "gpu_seconds", "schema_version")) {
            assertTrue(schema.field(field) >= 0, () -> "slm.metrics has no field " + field);
            for (String number : numbers) {
                comparison.check(withValue(event, field, number));
            }
        }
        comparison.assertNoDifference("numbers");
    }

    @Test
    void literalsSpacingAndStructureReadTheSameBothWays() {
        String event = EventCorpus.perTopic().get(Topic.SLM_METRICS).get(0);
        Comparison comparison = new Comparison(Topic.SLM_METRICS);
        for (String value : List.of(
                "true",
                "false",
                "null",
                "truex",
                "tru",
                "nul",
                "nulll",
                "True",
                "[]",
                "{}",
                "\"a\\u0041\"",
                "\"\u00e9\"",
                "\"tab\there\"",
                "\"open")) {
            comparison.check(withValue(event, "tenant", value));
            comparison.check(withValue(event, "output_tokens", value));
        }
        for (String variant : List.of(
                " " + event + " ",
                "\n\t" + event + "\r\n",
                event.replace(",", " , "),
                event.replace(":", " :\t"),
                event + ",",
                event + "}",
                event + "x",
                "[" + event + "]",
                event.substring(0, event.length() - 1),
                event.replaceFirst("\\{", "{ "),
                "{}",
                " { } ",
                "{,}",
                event.replace(",\"", ",,\""),
                event.replaceFirst("\"tenant\"", "\"tenant\\u0000\""),
                "\u00ef\u00bb\u00bf" + event)) {
            comparison.check(variant.getBytes(StandardCharsets.UTF_8));
        }
        comparison.assertNoDifference("literals and spacing");
    }

    @Test
    void findsTheEndOfAStringEightBytesAtATimeAsByteByByte() {
        Random random = new Random(8);
        byte[] alphabet = "abcXYZ09 _-:.\"\\\t\u0001\u001f\u007f".getBytes(StandardCharsets.ISO_8859_1);
        for (int n = 0; n < 200_000; n++) {
            byte[] text = new byte[random.nextInt(40)];
            for (int i = 0; i < text.length; i++) {
                int pick = random.nextInt(alphabet.length + 8);
                text[i] = pick < alphabet.length
                        ? alphabet[pick]
                        : pick == alphabet.length ? (byte) (0x80 + random.nextInt(128)) : (byte) ('a' + pick % 26);
            }
            int from = text.length == 0 ? 0 : random.nextInt(text.length);
            assertEquals(
                    endByteByByte(text, from),
                    PlainEventScanner.endOfPlainString(text, from, text.length),
                    () -> "end of the string from " + from + " in "
                            + java.util.HexFormat.of().formatHex(text));
        }
    }

    private static int endByteByByte(byte[] text, int from) {
        for (int i = from; i < text.length; i++) {
            if (text[i] == '"') {
                return i;
            }
            if (text[i] == '\\' || (text[i] & 0xFF) < 0x20 || text[i] < 0) {
                return -1;
            }
        }
        return -1;
    }

    // ---- the comparison

    private static byte[] withValue(String event, String field, String value) {
        String replaced = event.replaceFirst(
                "\"" + field + "\":(\"[^\"]*\"|[^,}]*)",
                java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + value));
        if (replaced.equals(event) && !event.contains("\"" + field + "\":" + value)) {
            replaced = event.substring(0, event.length() - 1) + ",\"" + field + "\":" + value + "}";
        }
        return replaced.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads events both ways, the fast one with one reused holder as ingest reuses it, and keeps what differs. */
    private static final class Comparison {
        private final Topic topic;
        private final CompiledEventSchema schema;
        private final EventFields reused;
        private final List<String> differences = new ArrayList<>();

        Comparison(Topic topic) {
            this.topic = topic;
            this.schema = CompiledEventSchema.bundled(topic);
            this.reused = schema.newFields();
        }

        void check(byte[] bytes) {
            EventFields thorough = schema.newFields();
            List<Violation> expected = schema.readThoroughly(bytes, 0, bytes.length, thorough);
            List<Violation> actual = schema.read(bytes, 0, bytes.length, reused);
            if (!expected.equals(actual)) {
                differences.add("violations " + actual + " instead of " + expected + " for " + text(bytes));
            } else if (expected.isEmpty()) {
                String difference = valueDifference(thorough, reused);
                if (difference != null) {
                    differences.add(difference + " for " + text(bytes));
                }
            }
        }

        private String valueDifference(EventFields expected, EventFields actual) {
            if (expected.present != actual.present) {
                return "fields present " + Long.toBinaryString(actual.present) + " instead of "
                        + Long.toBinaryString(expected.present);
            }
            for (String name : schema.fieldNames()) {
                int id = schema.field(name);
                if (!expected.has(id)) {
                    continue;
                }
                if (!sameValue(expected, actual, id)) {
                    return name + ": kind " + actual.kinds[id] + " text " + actual.textAt(id) + " long "
                            + actual.longs[id] + " double " + actual.doubles[id] + " instead of kind "
                            + expected.kinds[id] + " text " + expected.textAt(id) + " long " + expected.longs[id]
                            + " double " + expected.doubles[id];
                }
            }
            return null;
        }

        /** Compares what the value's kind keeps (the holder is reused, so the other slots hold older values). */
        private static boolean sameValue(EventFields expected, EventFields actual, int id) {
            int kind = expected.kinds[id];
            if (kind != actual.kinds[id]) {
                return false;
            }
            return switch (kind) {
                case JsonKind.STRING, JsonKind.OBJECT, JsonKind.ARRAY ->
                    Objects.equals(expected.textAt(id), actual.textAt(id));
                case JsonKind.BOOLEAN -> expected.longs[id] == actual.longs[id];
                case JsonKind.INTEGER, JsonKind.NUMBER ->
                    expected.hasExactLong(id) == actual.hasExactLong(id)
                            && Double.doubleToRawLongBits(expected.doubles[id])
                                    == Double.doubleToRawLongBits(actual.doubles[id])
                            && (expected.hasExactLong(id)
                                    ? expected.longs[id] == actual.longs[id]
                                    : Objects.equals(expected.textAt(id), actual.textAt(id)))
                            && Objects.equals(exactOrNull(expected, id), exactOrNull(actual, id));
                default -> true;
            };
        }

        /** The exact value, scale included (1.50 is not 1.5 here), or null beyond BigDecimal's range. */
        private static java.math.BigDecimal exactOrNull(EventFields fields, int id) {
            try {
                return fields.decimal(id);
            } catch (ArithmeticException beyondRange) {
                return null;
            }
        }

        void assertNoDifference(String what) {
            if (!differences.isEmpty()) {
                fail(topic.topicName() + ": " + differences.size() + " of the " + what
                        + " read differently the fast way than the thorough way, e.g.:\n  "
                        + String.join("\n  ", differences.subList(0, Math.min(MAX_REPORTED, differences.size()))));
            }
        }

        private static String text(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return text.length() > 300 ? text.substring(0, 300) + "..." : text;
        }
    }
}
