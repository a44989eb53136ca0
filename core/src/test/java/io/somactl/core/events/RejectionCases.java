package io.somactl.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The events of {@link SchemaRejectsBadEventsTest} and {@link EventValidatorTest}, as JSON text, per topic. */
final class RejectionCases {

    private RejectionCases() {}

    static List<String> of(Topic topic) {
        List<String> cases = new ArrayList<>();
        ObjectNode noId = ContractFiles.minimalEvent(topic);
        noId.remove("event_id");
        cases.add(noId.toString());
        forTopic(
                topic,
                SchemaRejectsBadEventsTest.timestampsWithoutExactlyMilliseconds(),
                a -> with(topic, "ts", a[1]),
                cases);
        forTopic(topic, SchemaRejectsBadEventsTest.timestampsNotInUtc(), a -> with(topic, "ts", a[1]), cases);
        forTopic(topic, SchemaRejectsBadEventsTest.tokenFields(), a -> with(topic, (String) a[1], -1), cases);
        forTopic(
                topic,
                SchemaRejectsBadEventsTest.fieldsWithMinimum(),
                a -> {
                    String field = (String) a[1];
                    double minimum = (double) a[2];
                    boolean integer =
                            properties(topic).get(field).path("type").asText().equals("integer");
                    return with(topic, field, integer ? (Object) ((long) minimum - 1) : (Object) (minimum - 0.001));
                },
                cases);
        forTopic(
                topic,
                SchemaRejectsBadEventsTest.fieldsWithMaximum(),
                a -> with(topic, (String) a[1], (double) a[2] + 0.5),
                cases);
        forTopic(topic, SchemaRejectsBadEventsTest.numericFields(), a -> with(topic, (String) a[1], "12"), cases);
        forTopic(
                topic,
                SchemaRejectsBadEventsTest.enumFields(),
                a -> with(topic, (String) a[1], "not-a-listed-value"),
                cases);
        forTopic(topic, SchemaRejectsBadEventsTest.hostileTenants(), a -> with(topic, "tenant", a[2]), cases);
        cases.add(with(topic, "input_tokns", 374));
        String longest = "a" + "b.c_d-".repeat(10) + "xyz";
        cases.add(with(topic, "tenant", longest));
        cases.add(with(topic, "tenant", longest + "z"));
        cases.add(with(topic, "schema_version", 2));
        cases.add(with(topic, "schema_version", "1"));
        cases.add(with(topic, "evil\u001B[2J\u202E\u0000" + "x".repeat(5_000), 1));
        if (topic == Topic.CONVERSATION_METRICS) {
            cases.add(with(topic, "channel", "voice"));
        }
        if (topic == Topic.AUDIO_METRICS) {
            ObjectNode event = ContractFiles.minimalEvent(topic);
            event.remove(List.of("wer", "cer", "mos_lqo", "rms_energy_dbfs", "mic_to_response_latency_ms"));
            cases.add(event.toString());
        }
        cases.addAll(List.of(
                "{\"event_id\":",
                "not json",
                "",
                "   ",
                "{} {}",
                "{\"tenant\":\"a\",\"tenant\":\"b\"}",
                "{\"input_tokens\": 01}",
                "\u0000",
                "[1, 2]",
                "null",
                "{}"));
        return cases;
    }

    private interface CaseBuilder {
        String build(Object[] arguments);
    }

    private static void forTopic(Topic topic, Stream<Arguments> arguments, CaseBuilder builder, List<String> into) {
        arguments.map(Arguments::get).filter(a -> a[0] == topic).forEach(a -> into.add(builder.build(a)));
    }

    private static String with(Topic topic, String field, Object value) {
        ObjectNode event = ContractFiles.minimalEvent(topic);
        event.set(field, ContractFiles.JSON.valueToTree(value));
        return event.toString();
    }

    private static JsonNode properties(Topic topic) {
        return ContractFiles.readJson(ContractFiles.schemaFile(topic)).get("properties");
    }
}
