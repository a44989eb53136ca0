package io.somactl.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class BundledExamplesTest {

    private static final EventValidator VALIDATOR = EventValidator.loadBundled();

    static Stream<Arguments> bundledExamples() {
        return Arrays.stream(Topic.values())
                .flatMap(topic -> ContractFiles.examples(topic).stream()
                        .map(file -> Arguments.of(topic, ContractFiles.relative(file))));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("bundledExamples")
    void everyBundledExampleIsAValidEventOfItsTopic(Topic topic, String example) {
        List<Violation> violations = VALIDATOR.validate(
                topic, ContractFiles.readJson(ContractFiles.projectRoot().resolve(example)));

        assertEquals(
                List.of(),
                violations,
                () -> "the example " + example + " should be a valid " + topic.topicName()
                        + " event, so producers can copy it, but the schema rejects it");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyTopicHasAMinimalAndAFullerExample(Topic topic) {
        List<Path> examples = ContractFiles.examples(topic);

        assertTrue(
                examples.size() >= 2,
                () -> "producers of " + topic.topicName()
                        + " need at least two examples in " + ContractFiles.relative(ContractFiles.examplesDir(topic))
                        + " (a minimal one with only required fields and a full one), found " + examples.size());
        assertTrue(
                examples.stream().anyMatch(f -> f.getFileName().toString().equals("minimal.json")),
                () -> ContractFiles.relative(ContractFiles.examplesDir(topic)) + " has no minimal.json");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void minimalExampleHasOnlyRequiredFields(Topic topic) {
        JsonNode schema = ContractFiles.readJson(ContractFiles.schemaFile(topic));
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        // a schema may demand "at least one of" some optional fields (audio.metrics): one of those may appear
        Set<String> atLeastOneOf = new HashSet<>();
        schema.path("anyOf").forEach(alt -> alt.path("required").forEach(name -> atLeastOneOf.add(name.asText())));

        List<String> optional = new ArrayList<>();
        ContractFiles.minimalEvent(topic).fieldNames().forEachRemaining(field -> {
            if (!required.contains(field)) {
                optional.add(field);
            }
        });
        boolean onlyTheOneDemanded = optional.size() == 1 && atLeastOneOf.contains(optional.get(0));

        assertTrue(
                optional.isEmpty() || onlyTheOneDemanded,
                () -> "examples/" + topic.topicName()
                        + "/minimal.json should show the smallest valid event, but it has optional fields " + optional);
    }
}
