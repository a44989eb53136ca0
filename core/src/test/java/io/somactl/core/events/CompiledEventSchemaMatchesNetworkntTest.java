package io.somactl.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The compiled one-pass reader gives the same violations as the schema library (networknt, the
 * reference) on every example, on real events and on those events broken in every way we could think
 * of, apart from the divergences {@link CompiledEventSchema} documents (see {@link ReferenceVerdict});
 * and on valid events it keeps the values the JSON tree holds.
 */
class CompiledEventSchemaMatchesNetworkntTest {

    private static final ObjectMapper TREE = new ObjectMapper();
    private static final ObjectMapper EXACT_TREE =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final int MAX_REPORTED = 10;

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyBundledExampleReadsAsValidWithTheTreesValues(Topic topic) throws Exception {
        for (Path example : ContractFiles.examples(topic)) {
            assertSameVerdictAndValues(topic, Files.readAllBytes(example), ContractFiles.relative(example));
        }
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void realEventsGetTheSameVerdictAndValues(Topic topic) {
        List<String> failures = new ArrayList<>();
        for (String event : EventCorpus.perTopic().get(topic)) {
            check(topic, event.getBytes(StandardCharsets.UTF_8), failures);
        }
        assertNoFailures(topic, "real events", failures);
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void brokenEventsGetTheSameViolations(Topic topic) {
        EventMutator mutator = new EventMutator(new Random(EventCorpus.SEED + topic.ordinal()));
        List<String> failures = new ArrayList<>();
        int[] verdicts = new int[3];
        for (String event : EventCorpus.perTopic().get(topic)) {
            verdicts[check(topic, mutator.mutate(event), failures)]++;
        }
        assertNoFailures(topic, "broken events", failures);
        int total = EventCorpus.PER_TOPIC;
        assertTrue(
                verdicts[INVALID] > total / 3 && verdicts[NOT_JSON] > total / 20 && verdicts[VALID] > total / 100,
                () -> "the mutations should give a mix of invalid, unparseable and still valid events, got "
                        + verdicts[VALID] + " valid, " + verdicts[INVALID] + " invalid, " + verdicts[NOT_JSON]
                        + " not JSON");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void eventsBrokenTwiceGetTheSameViolations(Topic topic) {
        Random random = new Random(EventCorpus.SEED * 31 + topic.ordinal());
        EventMutator mutator = new EventMutator(random);
        List<String> failures = new ArrayList<>();
        List<String> events = EventCorpus.perTopic().get(topic);
        for (int i = 0; i < 5_000; i++) {
            byte[] once = mutator.mutate(events.get(random.nextInt(events.size())));
            String text = ReferenceVerdict.strictUtf8(once);
            byte[] twice = text != null && text.startsWith("{") && isObject(text) ? mutator.mutate(text) : once;
            check(topic, twice, failures);
        }
        assertNoFailures(topic, "events broken twice", failures);
    }

    @Test
    void everyCaseOfSchemaRejectsBadEventsTestGetsTheSameViolations() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            for (String text : RejectionCases.of(topic)) {
                check(topic, text.getBytes(StandardCharsets.UTF_8), failures);
            }
        }
        assertNoFailures(null, "the cases of SchemaRejectsBadEventsTest", failures);
    }

    @Test
    void garbageBytesNeverThrowAndAreNotValidJson() {
        Random random = new Random(7);
        CompiledEventSchema schema = CompiledEventSchema.bundled(Topic.SLM_METRICS);
        EventFields fields = schema.newFields();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            check(Topic.SLM_METRICS, garbage, failures);
            assertTrue(schema.read(garbage, 0, garbage.length, fields).size() <= 1);
        }
        assertNoFailures(Topic.SLM_METRICS, "garbage bytes", failures);
    }

    @Test
    void readsOnlyTheGivenSliceOfTheArray() {
        CompiledEventSchema schema = CompiledEventSchema.bundled(Topic.TOOL_METRICS);
        String event = EventCorpus.perTopic().get(Topic.TOOL_METRICS).get(0);
        byte[] padded = ("xx{" + event + "}yy").getBytes(StandardCharsets.UTF_8);
        EventFields fields = schema.newFields();

        assertEquals(List.of(), schema.read(padded, 3, padded.length - 6, fields));
        assertEquals(
                TREE.valueToTree(readTree(event).get("tenant").textValue()).textValue(),
                fields.text(schema.field("tenant")));
    }

    @Test
    void anObjectCutShortByAnErrorDoesNotLeakIntoTheNextEventsObject() {
        CompiledEventSchema schema = CompiledEventSchema.bundled(Topic.ESCALATION_METRICS);
        String valid = EventCorpus.perTopic().get(Topic.ESCALATION_METRICS).stream()
                .filter(event -> event.contains("\"slm_snapshot\":{"))
                .findFirst()
                .orElseThrow();
        String broken = valid.replaceFirst("\"slm_snapshot\":\\{", "\"slm_snapshot\":{\"rule\"}, \"x\":{");
        EventFields reused = schema.newFields();
        int snapshot = schema.field("slm_snapshot");

        assertTrue(schema.read(broken.getBytes(StandardCharsets.UTF_8), 0, broken.length(), reused)
                        .size()
                == 1);
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(), schema.read(bytes, 0, bytes.length, reused));
        assertEquals(
                readTree(valid).get("slm_snapshot").toString(),
                reused.json(snapshot),
                "the object of a valid event read after an unparseable one should be its own, nothing before it");
    }

    @Test
    void numberAccessorsSayWhichFieldDoesNotFitALong() throws Exception {
        CompiledEventSchema schema = CompiledEventSchema.bundled(Topic.SLM_METRICS);
        var event = (com.fasterxml.jackson.databind.node.ObjectNode)
                readTree(EventCorpus.perTopic().get(Topic.SLM_METRICS).get(0));
        byte[] bytes = event.toString()
                .replaceFirst("\"input_tokens\":\\d+", "\"input_tokens\":99999999999999999999999")
                .getBytes(StandardCharsets.UTF_8);
        EventFields fields = schema.newFields();

        assertEquals(List.of(), schema.read(bytes, 0, bytes.length, fields));
        ArithmeticException e =
                assertThrows(ArithmeticException.class, () -> fields.longValue(schema.field("input_tokens")));
        assertTrue(e.getMessage().contains("input_tokens"), () -> "the error should name the field: " + e.getMessage());
    }

    // ---- the comparison

    private static void assertSameVerdictAndValues(Topic topic, byte[] bytes, String what) {
        List<String> failures = new ArrayList<>();
        check(topic, bytes, failures);
        assertNoFailures(topic, what, failures);
    }

    private static final int VALID = 0;
    private static final int INVALID = 1;
    private static final int NOT_JSON = 2;

    /** Compares read() with the reference on these bytes, adding any difference to failures; returns the verdict. */
    private static int check(Topic topic, byte[] bytes, List<String> failures) {
        CompiledEventSchema schema = CompiledEventSchema.bundled(topic);
        EventFields fields = schema.newFields();
        List<Violation> actual;
        try {
            actual = schema.read(bytes, 0, bytes.length, fields);
        } catch (RuntimeException e) {
            failures.add("read threw " + e + " for " + printable(bytes));
            return NOT_JSON;
        }
        List<Violation> expected = ReferenceVerdict.expected(topic, bytes);
        if (!ReferenceVerdict.sameVerdict(expected, actual)) {
            failures.add("expected " + expected + "\n      but got " + actual + "\n      for " + printable(bytes));
            return INVALID;
        }
        if (actual.isEmpty()) {
            String difference = FieldValues.difference(
                    schema,
                    fields,
                    readTree(new String(bytes, StandardCharsets.UTF_8)),
                    readExactTree(new String(bytes, StandardCharsets.UTF_8)));
            if (difference != null) {
                failures.add(difference + " for " + printable(bytes));
            }
            return VALID;
        }
        return actual.get(0).message().startsWith(ReferenceVerdict.NOT_JSON) ? NOT_JSON : INVALID;
    }

    private static void assertNoFailures(Topic topic, String what, List<String> failures) {
        if (!failures.isEmpty()) {
            fail((topic == null ? "" : topic.topicName() + ": ") + failures.size() + " of the " + what
                    + " got a different verdict from the compiled schema than from the schema library, e.g.:\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(MAX_REPORTED, failures.size()))));
        }
    }

    private static boolean isObject(String text) {
        try {
            return TREE.readTree(text).isObject();
        } catch (Exception e) {
            return false;
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return TREE.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The tree with BigDecimals, or null if Jackson cannot make one (an exponent beyond BigDecimal's range). */
    private static JsonNode readExactTree(String json) {
        try {
            return EXACT_TREE.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    static String printable(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return (text.length() > 600 ? text.substring(0, 600) + "..." : text).replace("\n", "\\n");
    }
}
