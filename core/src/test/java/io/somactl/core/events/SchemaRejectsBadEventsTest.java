package io.somactl.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each topic's schema turns away the mistakes and attacks a producer can send. Every case starts from
 * the topic's bundled minimal example (valid) and breaks exactly one thing.
 */
class SchemaRejectsBadEventsTest {

    private static final EventValidator VALIDATOR = EventValidator.loadBundled();

    @ParameterizedTest
    @EnumSource(Topic.class)
    void eventWithoutEventIdIsRejected(Topic topic) {
        ObjectNode event = ContractFiles.minimalEvent(topic);
        event.remove("event_id");

        assertRejectedAt(topic, event, "$.event_id", "an event without event_id (ingest could not deduplicate it)");
    }

    @ParameterizedTest(name = "{0}: ts \"{1}\"")
    @MethodSource("timestampsWithoutExactlyMilliseconds")
    void timestampWithoutExactlyMillisecondPrecisionIsRejected(Topic topic, String ts) {
        assertRejectedAt(
                topic, withField(topic, "ts", ts), "$.ts", "ts " + quoted(ts) + " (not exactly millisecond precision)");
    }

    @ParameterizedTest(name = "{0}: ts \"{1}\"")
    @MethodSource("timestampsNotInUtc")
    void timestampNotInUtcIsRejected(Topic topic, String ts) {
        assertRejectedAt(topic, withField(topic, "ts", ts), "$.ts", "ts " + quoted(ts) + " (not UTC with a Z)");
    }

    @ParameterizedTest(name = "{0}: {1} = -1")
    @MethodSource("tokenFields")
    void negativeTokenCountIsRejected(Topic topic, String field) {
        assertRejectedAt(topic, withField(topic, field, -1), "$." + field, "a negative token count in " + field);
    }

    @ParameterizedTest(name = "{0}: {1} below its minimum")
    @MethodSource("fieldsWithMinimum")
    void numberBelowItsMinimumIsRejected(Topic topic, String field, double minimum) {
        Number below = belowMinimum(topic, field, minimum);
        Violation expected = new Violation("$." + field, "must be >= " + minimumAsWritten(topic, field));

        List<Violation> violations = VALIDATOR.validate(topic, withField(topic, field, below));

        assertTrue(
                violations.contains(expected),
                () -> topic.topicName() + " should reject " + field + " = " + below + " with \"" + expected + "\", got "
                        + violations);
    }

    @ParameterizedTest(name = "{0}: {1} above its maximum")
    @MethodSource("fieldsWithMaximum")
    void numberAboveItsMaximumIsRejected(Topic topic, String field, double maximum) {
        assertRejectedAt(
                topic, withField(topic, field, maximum + 0.5), "$." + field, field + " above its maximum " + maximum);
    }

    @ParameterizedTest(name = "{0}: {1} = \"12\"")
    @MethodSource("numericFields")
    void textWhereANumberBelongsIsRejected(Topic topic, String field) {
        assertRejectedAt(
                topic, withField(topic, field, "12"), "$." + field, "the string \"12\" in the number field " + field);
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void unknownTopLevelFieldIsRejected(Topic topic) {
        ObjectNode event = ContractFiles.minimalEvent(topic);
        event.put("input_tokns", 374);

        List<Violation> violations = VALIDATOR.validate(topic, event);

        assertEquals(
                List.of(new Violation(
                        "$.input_tokns", "is not a field of this event (misspelt, or not in the topic's schema)")),
                violations,
                () -> topic.topicName() + " should catch the misspelt field input_tokns");
    }

    @ParameterizedTest(name = "{0}: tenant {1}")
    @MethodSource("hostileTenants")
    void hostileTenantIsRejected(Topic topic, String what, String tenant) {
        assertRejectedAt(topic, withField(topic, "tenant", tenant), "$.tenant", "a tenant with " + what);
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void tenantOf64SafeCharactersIsAcceptedButNot65(Topic topic) {
        String longest = "a" + "b.c_d-".repeat(10) + "xyz";
        assertEquals(64, longest.length());

        assertEquals(
                List.of(),
                VALIDATOR.validate(topic, withField(topic, "tenant", longest)),
                () -> topic.topicName() + " should accept a 64-character tenant made of allowed characters");
        assertRejectedAt(topic, withField(topic, "tenant", longest + "z"), "$.tenant", "a 65-character tenant");
    }

    @ParameterizedTest(name = "{0}: {1} = \"not-a-listed-value\"")
    @MethodSource("enumFields")
    void valueOutsideItsEnumIsRejected(Topic topic, String field) {
        assertRejectedAt(
                topic,
                withField(topic, field, "not-a-listed-value"),
                "$." + field,
                "a value of " + field + " the schema does not list");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void unknownSchemaVersionIsRejected(Topic topic) {
        assertRejectedAt(topic, withField(topic, "schema_version", 2), "$.schema_version", "schema_version 2");
        assertRejectedAt(
                topic, withField(topic, "schema_version", "1"), "$.schema_version", "schema_version \"1\" (a string)");
    }

    // ---- cases, derived from the schemas so that a new field is covered without touching this test

    static Stream<Arguments> timestampsWithoutExactlyMilliseconds() {
        return forEveryTopic(
                "2023-11-16T18:15:46Z", "2023-11-16T18:15:46.68Z", "2023-11-16T18:15:46.680590Z", "2023-11-16T18:15Z");
    }

    static Stream<Arguments> timestampsNotInUtc() {
        return forEveryTopic(
                "2023-11-16T19:15:46.680+01:00",
                "2023-11-16T13:15:46.680-05:00",
                "2023-11-16T18:15:46.680+00:00",
                "2023-11-16 18:15:46.680",
                "2023-11-16T18:15:46.680",
                "2023-11-16T18:15:46.680z",
                "2023-11-16T18:15:46.680Z\n",
                "1700158546680");
    }

    static Stream<Arguments> hostileTenants() {
        Map<String, String> hostile = Map.ofEntries(
                Map.entry("a double quote", "acme\"corp"),
                Map.entry("a single quote (SQL)", "acme'; DROP TABLE slm_metrics; --"),
                Map.entry("a backslash", "acme\\corp"),
                Map.entry("a newline inside", "acme\ncorp"),
                Map.entry("a trailing newline", "acme\n"),
                Map.entry("a NUL character", "acme\u0000"),
                Map.entry("10 kB of text", "a".repeat(10_240)),
                Map.entry("a right-to-left override", "acme\u202Eproc"),
                Map.entry("a space", "acme corp"),
                Map.entry("a leading dot", "..acme"),
                Map.entry("a slash", "acme/../../etc"),
                Map.entry("non-ASCII letters", "acmé"),
                Map.entry("nothing (empty)", ""));
        return Arrays.stream(Topic.values())
                .flatMap(topic -> hostile.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> Arguments.of(topic, e.getKey(), e.getValue())));
    }

    static Stream<Arguments> tokenFields() {
        return schemaFields((name, spec) -> name.endsWith("_tokens"));
    }

    static Stream<Arguments> numericFields() {
        return schemaFields((name, spec) -> isNumeric(spec));
    }

    static Stream<Arguments> enumFields() {
        return schemaFields((name, spec) -> spec.has("enum"));
    }

    static Stream<Arguments> fieldsWithMinimum() {
        return schemaFieldsWithBound("minimum");
    }

    static Stream<Arguments> fieldsWithMaximum() {
        return schemaFieldsWithBound("maximum");
    }

    // ---- helpers

    private static void assertRejectedAt(Topic topic, JsonNode event, String path, String what) {
        List<Violation> violations = VALIDATOR.validate(topic, event);
        assertTrue(
                violations.stream().anyMatch(v -> v.path().equals(path)),
                () -> topic.topicName() + " should reject " + what + " with a violation at " + path + ", but got "
                        + violations);
    }

    private static String quoted(String text) {
        return ContractFiles.JSON.getNodeFactory().textNode(text).toString();
    }

    private static ObjectNode withField(Topic topic, String field, Object value) {
        ObjectNode event = ContractFiles.minimalEvent(topic);
        event.set(field, ContractFiles.JSON.valueToTree(value));
        return event;
    }

    private static Stream<Arguments> forEveryTopic(String... values) {
        return Arrays.stream(Topic.values())
                .flatMap(topic -> Arrays.stream(values).map(v -> Arguments.of(topic, v)));
    }

    private interface FieldFilter {
        boolean test(String name, JsonNode spec);
    }

    private static Stream<Arguments> schemaFields(FieldFilter filter) {
        List<Arguments> cases = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            properties(topic).fields().forEachRemaining(p -> {
                if (filter.test(p.getKey(), p.getValue())) {
                    cases.add(Arguments.of(topic, p.getKey()));
                }
            });
        }
        return cases.stream();
    }

    private static Stream<Arguments> schemaFieldsWithBound(String bound) {
        Predicate<JsonNode> bounded = spec -> isNumeric(spec) && spec.has(bound);
        List<Arguments> cases = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            properties(topic).fields().forEachRemaining(p -> {
                if (bounded.test(p.getValue())) {
                    cases.add(Arguments.of(
                            topic, p.getKey(), p.getValue().get(bound).asDouble()));
                }
            });
        }
        return cases.stream();
    }

    private static Number belowMinimum(Topic topic, String field, double minimum) {
        if (properties(topic).get(field).path("type").asText().equals("integer")) {
            return (long) minimum - 1;
        }
        return minimum - 0.001;
    }

    private static boolean isNumeric(JsonNode spec) {
        String type = spec.path("type").asText();
        return type.equals("integer") || type.equals("number");
    }

    private static String minimumAsWritten(Topic topic, String field) {
        return properties(topic).get(field).get("minimum").toString();
    }

    private static JsonNode properties(Topic topic) {
        return ContractFiles.readJson(ContractFiles.schemaFile(topic)).get("properties");
    }
}
