package io.somactl.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A topic is added whole or not at all: constant, schema file, bundled schema and examples
 * (its table is checked by {@link EventTablesMatchSchemasTest}).
 */
class TopicContractTest {

    private static final String TENANT_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyTopicHasASchemaFileAndAnExamplesDirectory(Topic topic) {
        Path schema = ContractFiles.schemaFile(topic);
        Path examples = ContractFiles.examplesDir(topic);

        assertTrue(
                Files.isRegularFile(schema),
                () -> "topic " + topic.topicName() + " has no schema: expected " + ContractFiles.relative(schema));
        assertTrue(
                Files.isDirectory(examples),
                () -> "topic " + topic.topicName() + " has no examples: expected " + ContractFiles.relative(examples)
                        + "/");
    }

    @Test
    void everySchemaFileAndExamplesDirectoryBelongsToATopic() throws IOException {
        List<String> orphans = new ArrayList<>();
        try (Stream<Path> files = Files.list(ContractFiles.schemasDir())) {
            files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".schema.json"))
                    .filter(name -> Topic.byName(name.substring(0, name.length() - ".schema.json".length()))
                            .isEmpty())
                    .forEach(name -> orphans.add("schemas/" + name));
        }
        try (Stream<Path> dirs = Files.list(ContractFiles.schemasDir().resolve("examples"))) {
            dirs.filter(Files::isDirectory)
                    .map(d -> d.getFileName().toString())
                    .filter(name -> Topic.byName(name).isEmpty())
                    .forEach(name -> orphans.add("schemas/examples/" + name + "/"));
        }

        assertEquals(List.of(), orphans, "these contract files name no Topic constant (add it, or remove them)");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everySchemaIsBundledOnTheClasspath(Topic topic) throws IOException {
        try (InputStream bundled = Topic.class.getClassLoader().getResourceAsStream(topic.schemaResource())) {
            assertNotNull(
                    bundled,
                    () -> topic.schemaResource() + " is not on the classpath, so the CLI cannot validate "
                            + topic.topicName());
        }
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everySchemaIsAValidDraft202012SchemaNamedForItsTopic(Topic topic) {
        JsonNode schema = ContractFiles.readJson(ContractFiles.schemaFile(topic));
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        Set<ValidationMessage> problems = metaSchema.validate(schema);

        assertEquals(
                Set.of(),
                problems,
                () -> ContractFiles.relative(ContractFiles.schemaFile(topic))
                        + " is not a valid JSON Schema 2020-12 document");
        assertEquals(
                "https://json-schema.org/draft/2020-12/schema",
                schema.path("$schema").asText());
        assertEquals(
                "https://somactl.io/schemas/" + topic.topicName() + ".schema.json",
                schema.path("$id").asText());
        assertTrue(
                schema.hasNonNull("title") && schema.hasNonNull("description"),
                () -> topic.topicName() + " schema needs a title and a description for producers");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everySchemaRequiresTheEnvelopeAndRefusesUnknownFields(Topic topic) {
        JsonNode schema = ContractFiles.readJson(ContractFiles.schemaFile(topic));
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));

        assertTrue(
                required.containsAll(List.of("event_id", "ts", "tenant", "schema_version")),
                () -> topic.topicName() + " must require the envelope fields, requires " + required);
        assertEquals(
                false,
                schema.path("additionalProperties").asBoolean(true),
                () -> topic.topicName() + " must set additionalProperties: false so typos are caught");
        assertEquals(TENANT_PATTERN, schema.at("/properties/tenant/pattern").asText());
        assertEquals(1, schema.at("/properties/schema_version/const").asInt());
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyFieldIsSnakeCaseAndDescribed(Topic topic) {
        JsonNode properties =
                ContractFiles.readJson(ContractFiles.schemaFile(topic)).path("properties");
        List<String> bad = new ArrayList<>();
        properties.fields().forEachRemaining(p -> {
            if (!p.getKey().matches("[a-z][a-z0-9]*(_[a-z0-9]+)*")
                    || !p.getValue().hasNonNull("description")) {
                bad.add(p.getKey());
            }
        });

        assertEquals(List.of(), bad, () -> topic.topicName() + " fields must be snake_case with a description");
    }

    @Test
    void topicsMapToTheirKafkaNamesTablesAndDeadLetterTopics() {
        assertEquals("slm.metrics", Topic.SLM_METRICS.topicName());
        assertEquals("escalation_metrics", Topic.ESCALATION_METRICS.table());
        assertEquals("llm.escalation.metrics.dlq", Topic.ESCALATION_METRICS.deadLetterTopic());
        assertEquals("somactl/schemas/policy.events.schema.json", Topic.POLICY_EVENTS.schemaResource());
        assertEquals(
                Topic.values().length,
                Arrays.stream(Topic.values()).map(Topic::table).distinct().count(),
                "two topics share a table");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyTopicIsFoundByItsKafkaName(Topic topic) {
        assertEquals(Optional.of(topic), Topic.byName(topic.topicName()));
    }

    @Test
    void unknownKafkaNameFindsNoTopic() {
        assertEquals(Optional.empty(), Topic.byName("slm.metrics.dlq"));
        assertEquals(Optional.empty(), Topic.byName("SLM_METRICS"));
        assertEquals(Optional.empty(), Topic.byName(null));
    }
}
