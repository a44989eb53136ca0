package io.somactl.core.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The events' schemas as the networknt JSON Schema library (draft 2020-12) checks them: the reference
 * that {@link CompiledEventSchema} is tested against (and what somactl validated with before it). Its
 * violations are worded by {@link ViolationMessages}; its {@code $} means end of input as in ECMA-262
 * ({@link EndAnchoredRegexFactory}).
 */
final class NetworkntReferenceValidator {

    private static final ObjectReader JSON = JsonMapper.builder()
            // {"tenant":"a","tenant":"b"} would otherwise validate one value and store another
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();

    private static final Comparator<Violation> BY_PATH =
            Comparator.comparing(Violation::path).thenComparing(Violation::message);

    private final Map<Topic, JsonSchema> schemas;

    private NetworkntReferenceValidator(Map<Topic, JsonSchema> schemas) {
        this.schemas = schemas;
    }

    /** The validator for the schemas bundled under {@code somactl/schemas/}, compiled on first use. */
    static NetworkntReferenceValidator loadBundled() {
        return Bundled.VALIDATOR;
    }

    /** The ways {@code event} breaks {@code topic}'s schema, ordered by path; empty if it is valid. */
    List<Violation> validate(Topic topic, JsonNode event) {
        Objects.requireNonNull(topic, "topic");
        if (event == null || event.isMissingNode()) {
            return List.of(new Violation("$", "no event: expected a JSON object"));
        }
        Set<ValidationMessage> messages = schemas.get(topic).validate(event);
        if (messages.isEmpty()) {
            return List.of();
        }
        List<Violation> violations = ViolationMessages.toViolations(messages);
        violations.sort(BY_PATH);
        return List.copyOf(violations);
    }

    /**
     * Like {@link #validate(Topic, JsonNode)} for raw JSON text. Text that is not exactly one JSON
     * value (syntax error, trailing data, duplicate key, empty) gives a violation at {@code $} whose
     * message starts with {@code not valid JSON:}; it never throws for bad input.
     */
    List<Violation> validate(Topic topic, String json) {
        Objects.requireNonNull(topic, "topic");
        if (json == null || json.isBlank()) {
            return List.of(new Violation("$", "not valid JSON: no content"));
        }
        JsonNode event;
        try {
            event = JSON.readTree(json);
        } catch (JacksonException e) {
            return List.of(new Violation("$", "not valid JSON: " + e.getOriginalMessage()));
        }
        return validate(topic, event);
    }

    private static NetworkntReferenceValidator compileBundledSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_PATH)
                .locale(Locale.ENGLISH)
                .regularExpressionFactory(EndAnchoredRegexFactory.INSTANCE)
                // The patterns already pin down uuid and ts; format stays an annotation (cheaper).
                .formatAssertionsEnabled(false)
                .build();
        Map<Topic, JsonSchema> compiled = new EnumMap<>(Topic.class);
        for (Topic topic : Topic.values()) {
            JsonSchema schema = factory.getSchema(readSchema(topic), config);
            schema.initializeValidators();
            compiled.put(topic, schema);
        }
        return new NetworkntReferenceValidator(compiled);
    }

    private static JsonNode readSchema(Topic topic) {
        String resource = topic.schemaResource();
        try (InputStream in = NetworkntReferenceValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "schema for topic " + topic.topicName() + " is not on the classpath: " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }

    private static final class Bundled {
        static final NetworkntReferenceValidator VALIDATOR = compileBundledSchemas();
    }
}
