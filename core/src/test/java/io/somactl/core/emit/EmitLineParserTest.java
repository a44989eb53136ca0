package io.somactl.core.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.CompiledEventSchema;
import io.somactl.core.events.EventValidator;
import io.somactl.core.events.Topic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmitLineParserTest {
    private static final String EVENT =
            "{\"event_id\":\"85d71e29-45f1-47a0-b04e-4793ff57adce\",\"ts\":\"2023-11-16T18:15:46.680Z\","
                    + "\"tenant\":\"acme\",\"schema_version\":1,\"model_id\":\"soma-slm-8b\",\"persona\":\"support-agent\","
                    + "\"role\":\"planner\",\"deployment_mode\":\"self_hosted\",\"session_id\":\"sess_1\",\"request_id\":\"req_1\","
                    + "\"status\":\"ok\",\"input_tokens\":374,\"output_tokens\":44,\"latency_ms\":1061.40}";

    private final EmitLineParser envelopesOnly = new EmitLineParser(EventValidator.loadBundled(), null);
    private final EmitLineParser slmTopic = new EmitLineParser(EventValidator.loadBundled(), Topic.SLM_METRICS);

    private static byte[] bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private static ParsedLine.Rejected rejected(ParsedLine parsed) {
        return assertInstanceOf(ParsedLine.Rejected.class, parsed, "the line should have been refused");
    }

    @Test
    void anEnvelopeSendsItsEventExactlyAsWrittenKeyedByTenant() {
        String event = EVENT.replace(",\"status\"", ",  \"status\"");
        ParsedLine parsed = envelopesOnly.parse(bytes("{\"topic\": \"slm.metrics\", \"event\": " + event + " }"));
        ParsedLine.Accepted accepted = assertInstanceOf(ParsedLine.Accepted.class, parsed, parsed.toString());
        assertEquals(Topic.SLM_METRICS, accepted.topic());
        assertEquals("acme", accepted.tenant());
        assertEquals(
                event,
                new String(accepted.value(), StandardCharsets.UTF_8),
                "the event's own bytes are sent: spacing and 1061.40 unchanged");
    }

    @Test
    void theEnvelopesFieldsMayComeInEitherOrder() {
        ParsedLine parsed = envelopesOnly.parse(bytes("{\"event\":" + EVENT + ",\"topic\":\"slm.metrics\"}"));
        assertArrayEquals(
                bytes(EVENT),
                assertInstanceOf(ParsedLine.Accepted.class, parsed).value());
    }

    @Test
    void aBareEventGoesToTheTopicGivenWithTopic() {
        ParsedLine.Accepted accepted =
                assertInstanceOf(ParsedLine.Accepted.class, slmTopic.parse(bytes("  " + EVENT + "\t")));
        assertEquals(Topic.SLM_METRICS, accepted.topic());
        assertArrayEquals(bytes(EVENT), accepted.value(), "surrounding blanks are not part of the event");
    }

    @Test
    void aBareEventWithoutTopicIsRefusedSayingWhatToDo() {
        ParsedLine.Rejected rejected = rejected(envelopesOnly.parse(bytes(EVENT)));
        assertEquals(null, rejected.topic());
        assertTrue(rejected.reason().contains("a bare event needs --topic TOPIC"), rejected.reason());
    }

    @Test
    void anEnvelopeForAnotherTopicThanTopicIsRefused() {
        ParsedLine.Rejected rejected = rejected(slmTopic.parse(bytes("{\"topic\":\"tool.metrics\",\"event\":{}}")));
        assertEquals("$.topic: the envelope is for tool.metrics but --topic is slm.metrics", rejected.reason());
    }

    @Test
    void anUnknownTopicIsRefusedListingTheSix() {
        ParsedLine.Rejected rejected =
                rejected(envelopesOnly.parse(bytes("{\"topic\":\"slm.metric\",\"event\":" + EVENT + "}")));
        assertTrue(
                rejected.reason().startsWith("$.topic: unknown topic 'slm.metric': must be one of: slm.metrics,"),
                rejected.reason());
    }

    @Test
    void anEnvelopeWithAnExtraFieldOrWithoutAnObjectEventIsRefused() {
        assertEquals(
                "$.key: is not a field of the envelope (it has exactly topic and event)",
                rejected(envelopesOnly.parse(
                                bytes("{\"topic\":\"slm.metrics\",\"key\":\"acme\",\"event\":" + EVENT + "}")))
                        .reason());
        assertEquals(
                "$.event: must be a JSON object (the event)",
                rejected(envelopesOnly.parse(bytes("{\"topic\":\"slm.metrics\",\"event\":\"" + "x" + "\"}")))
                        .reason());
        assertTrue(rejected(envelopesOnly.parse(bytes("{\"event\":" + EVENT + "}")))
                .reason()
                .startsWith("$.topic: is required"));
        assertEquals(
                "$.key: is not a field of the envelope (it has exactly topic and event)",
                rejected(slmTopic.parse(bytes("{\"key\":\"acme\",\"topic\":\"slm.metrics\",\"event\":" + EVENT + "}")))
                        .reason(),
                "an envelope is recognised whatever order its fields come in");
    }

    @Test
    void anEventThatBreaksItsSchemaIsRefusedNamingTheTopicAndTheFields() {
        ParsedLine.Rejected rejected = rejected(envelopesOnly.parse(bytes("{\"topic\":\"slm.metrics\",\"event\":"
                + EVENT.replace("\"input_tokens\":374", "\"input_tokens\":-1") + "}")));
        assertEquals(Topic.SLM_METRICS, rejected.topic());
        assertEquals("slm.metrics event: $.input_tokens: must be >= 0", rejected.reason());
    }

    @Test
    void aNumberIsCheckedAsWrittenNotAsTheNearestDouble() {
        String belowZero = EVENT.replace("\"latency_ms\":1061.40", "\"latency_ms\":-1e-400");
        assertEquals(
                "slm.metrics event: $.latency_ms: must be >= 0",
                rejected(slmTopic.parse(bytes(belowZero))).reason());
    }

    @Test
    void whatEmitAcceptsIngestsReaderAcceptsFromTheSameBytes() {
        String line = "{\"topic\":\"slm.metrics\",\"event\":" + EVENT + "}";
        ParsedLine.Accepted accepted = assertInstanceOf(ParsedLine.Accepted.class, envelopesOnly.parse(bytes(line)));
        CompiledEventSchema ingest = CompiledEventSchema.bundled(Topic.SLM_METRICS);
        assertEquals(List.of(), ingest.read(accepted.value(), 0, accepted.value().length, ingest.newFields()));
    }

    @Test
    void aDuplicateKeyInsideAFieldsValueIsRefused() {
        String nested = EVENT.replace("\"status\":\"ok\"", "\"status\":\"ok\",\"extra\":{\"a\":1,\"a\":2}");
        assertTrue(rejected(slmTopic.parse(bytes(nested))).reason().contains("Duplicate field 'a'"));
    }

    @Test
    void textThatIsNotOneJsonObjectIsRefused() {
        assertTrue(rejected(envelopesOnly.parse(bytes("not json")))
                .reason()
                .startsWith("$: not valid JSON: Unrecognized token 'not'"));
        assertTrue(rejected(envelopesOnly.parse(bytes("[1,2]"))).reason().startsWith("$: must be a JSON object"));
        assertTrue(rejected(envelopesOnly.parse(bytes(""))).reason().contains("no content"));
        assertTrue(
                rejected(slmTopic.parse(bytes(EVENT + " {}"))).reason().startsWith("$: not valid JSON"),
                "two objects on one line are not one event");
        assertTrue(rejected(envelopesOnly.parse(bytes("{\"topic\":\"slm.metrics\",\"event\":" + EVENT + "} {}")))
                .reason()
                .contains("more data after the object"));
        assertTrue(
                rejected(envelopesOnly.parse(bytes("{\"topic\":\"slm.metrics\",\"event\":" + EVENT)))
                        .reason()
                        .startsWith("$: not valid JSON"),
                "a truncated line");
    }

    @Test
    void aDuplicateFieldIsRefusedSoTheValidatedValueIsTheSentOne() {
        String twice = EVENT.replace("\"tenant\":\"acme\"", "\"tenant\":\"acme\",\"tenant\":\"globex\"");
        assertTrue(rejected(slmTopic.parse(bytes(twice))).reason().contains("Duplicate field 'tenant'"));
        assertTrue(rejected(envelopesOnly.parse(
                        bytes("{\"topic\":\"slm.metrics\",\"topic\":\"tool.metrics\",\"event\":" + EVENT + "}")))
                .reason()
                .contains("Duplicate field 'topic'"));
    }

    @Test
    void aHostileTenantIsRefusedAndTheReasonIsSafeToPrint() {
        for (String tenant :
                new String[] {"acme\\u001b[31mred", "acme\\n", "\\u202eemca", "acme\\\"; DROP", "a".repeat(65)}) {
            ParsedLine.Rejected rejected = rejected(
                    slmTopic.parse(bytes(EVENT.replace("\"tenant\":\"acme\"", "\"tenant\":\"" + tenant + "\""))));
            assertTrue(rejected.reason().contains("$.tenant"), tenant + ": " + rejected.reason());
            assertTrue(
                    rejected.reason().chars().noneMatch(c -> Character.isISOControl(c) || c == '\u202e'),
                    "the reason must not carry control or bidi characters to the terminal: " + rejected.reason());
        }
        ParsedLine.Rejected topic =
                rejected(envelopesOnly.parse(bytes("{\"topic\":\"\\u001b]0;pwned\\u0007\",\"event\":{}}")));
        assertTrue(topic.reason().contains("\\u001B]0;pwned\\u0007"), "the topic is quoted escaped: " + topic.reason());
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutBlowingTheStack() {
        String deep = "{\"topic\":\"llm.escalation.metrics\",\"event\":{\"router\":" + "[".repeat(200_000)
                + "]".repeat(200_000) + "}}";
        assertTrue(
                rejected(envelopesOnly.parse(bytes(deep))).reason().startsWith("$: not valid JSON"),
                "nesting beyond the parser's limit is refused");
    }

    @Test
    void invalidUtf8IsRefusedNotSent() {
        byte[] line = bytes("{\"topic\":\"slm.metrics\",\"event\":" + EVENT.replace("acme", "ac\u00e9e") + "}");
        for (int i = 0; i < line.length; i++) {
            if (line[i] == (byte) 0xC3) {
                line[i + 1] = (byte) 0x28; // a lead byte without its continuation
            }
        }
        assertTrue(rejected(envelopesOnly.parse(line)).reason().startsWith("$: not valid JSON"));
    }
}
