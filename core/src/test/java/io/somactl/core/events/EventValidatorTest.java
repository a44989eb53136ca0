package io.somactl.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {

    private static final EventValidator VALIDATOR = EventValidator.loadBundled();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"event_id\":",
                "not json",
                "",
                "   ",
                "{} {}",
                "{\"tenant\":\"a\",\"tenant\":\"b\"}",
                "{\"input_tokens\": 01}",
                "\u0000"
            })
    void unparseableJsonIsReportedAsAViolationNotAnException(String text) {
        List<Violation> violations = VALIDATOR.validate(Topic.SLM_METRICS, text);

        assertEquals(
                1, violations.size(), () -> "unparseable input should give exactly one violation, got " + violations);
        Violation violation = violations.get(0);
        assertEquals("$", violation.path());
        assertTrue(
                violation.message().startsWith("not valid JSON:"),
                () -> "the violation should say the input is not valid JSON, but says: " + violation);
    }

    @Test
    void nullTextIsReportedAsAViolationNotAnException() {
        assertEquals(
                List.of(new Violation("$", "not valid JSON: no content")),
                VALIDATOR.validate(Topic.SLM_METRICS, (String) null));
    }

    @Test
    void validEventAsJsonTextHasNoViolations() {
        String json = ContractFiles.minimalEvent(Topic.SLM_METRICS).toString();

        assertEquals(List.of(), VALIDATOR.validate(Topic.SLM_METRICS, json));
    }

    @Test
    void violationReadsAsPathThenWhatIsExpected() {
        ObjectNode event = ContractFiles.minimalEvent(Topic.SLM_METRICS);
        event.put("input_tokens", -1);
        event.remove("event_id");

        List<String> printed = VALIDATOR.validate(Topic.SLM_METRICS, event).stream()
                .map(Violation::toString)
                .toList();

        assertEquals(List.of("$.event_id: is required but missing", "$.input_tokens: must be >= 0"), printed);
    }

    @Test
    void eventThatIsNotAnObjectIsRejectedAsAWhole() {
        assertEquals(
                List.of(new Violation("$", "must be an object, not an array (not a JSON object)")),
                VALIDATOR.validate(Topic.TOOL_METRICS, "[1, 2]"));
        assertEquals(
                List.of(new Violation("$", "must be an object, not null (not a JSON object)")),
                VALIDATOR.validate(Topic.TOOL_METRICS, "null"));
    }

    @Test
    void numbersInJsonTextAreComparedExactlyAsWritten() {
        String json = ContractFiles.minimalEvent(Topic.SLM_METRICS)
                .put("latency_ms", 0)
                .toString()
                .replace("\"latency_ms\":0", "\"latency_ms\":-1e-400"); // a double reads it as -0.0

        assertEquals(
                List.of(new Violation("$.latency_ms", "must be >= 0")), VALIDATOR.validate(Topic.SLM_METRICS, json));
    }

    @Test
    void bytesThatAreNotUtf8AreNotValidJson() {
        byte[] json = ContractFiles.minimalEvent(Topic.SLM_METRICS).toString().getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = Arrays.copyOf(json, json.length + 1);
        latin1[json.length - 1] = (byte) 0xE9; // an e-acute in ISO-8859-1 inside the closing brace
        latin1[json.length] = '}';

        List<Violation> violations = VALIDATOR.validate(Topic.SLM_METRICS, latin1);

        assertEquals(1, violations.size(), violations::toString);
        assertTrue(violations.get(0).message().startsWith("not valid JSON: malformed UTF-8"), violations::toString);
    }

    @Test
    void aValidEventsValuesAreKeptForTheCaller() {
        byte[] json = ContractFiles.minimalEvent(Topic.SLM_METRICS)
                .put("tenant", "globex")
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        EventFields fields = VALIDATOR.newFields(Topic.SLM_METRICS);

        assertEquals(List.of(), VALIDATOR.validate(Topic.SLM_METRICS, json, fields));
        assertEquals("globex", fields.text(fields.field("tenant")));
    }

    @Test
    void voiceConversationWithoutCallIdIsRejected() {
        ObjectNode event = ContractFiles.minimalEvent(Topic.CONVERSATION_METRICS);
        event.put("channel", "voice");

        assertEquals(
                List.of(new Violation("$.call_id", "is required but missing (required by the value of another field)")),
                VALIDATOR.validate(Topic.CONVERSATION_METRICS, event));
    }

    @Test
    void audioEventWithoutAnyMeasurementIsRejectedOnce() {
        ObjectNode event = ContractFiles.minimalEvent(Topic.AUDIO_METRICS);
        event.remove(List.of("wer", "cer", "mos_lqo", "rms_energy_dbfs", "mic_to_response_latency_ms"));

        assertEquals(
                List.of(new Violation(
                        "$",
                        "must have at least one of: wer, cer, mos_lqo, rms_energy_dbfs, mic_to_response_latency_ms")),
                VALIDATOR.validate(Topic.AUDIO_METRICS, event));
    }

    @Test
    void hostileFieldNameIsReportedWithoutControlOrBidiCharacters() {
        ObjectNode event = ContractFiles.minimalEvent(Topic.POLICY_EVENTS);
        event.put("evil\u001B[2J\u202E\u0000" + "x".repeat(5_000), 1);

        String printed = VALIDATOR.validate(Topic.POLICY_EVENTS, event).toString();

        assertFalse(
                printed.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u202E'),
                () -> "a violation must be safe to print in a terminal, got " + printed);
        assertTrue(printed.length() < 1_000, "a violation quoting a 5 kB field name should be shortened");
    }

    @Test
    void bundledValidatorIsLoadedOnceAndShared() {
        assertSame(VALIDATOR, EventValidator.loadBundled());
    }

    @Test
    void oneValidatorGivesTheSameAnswersFromManyThreads() throws Exception {
        ObjectNode valid = ContractFiles.minimalEvent(Topic.SLM_METRICS);
        ObjectNode invalid = valid.deepCopy().put("output_tokens", -5);
        List<Violation> expectedInvalid = VALIDATOR.validate(Topic.SLM_METRICS, invalid);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (!VALIDATOR.validate(Topic.SLM_METRICS, valid).isEmpty()
                                || !VALIDATOR
                                        .validate(Topic.SLM_METRICS, invalid)
                                        .equals(expectedInvalid)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(), "validating concurrently on one shared validator gave a different answer");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
