package io.somactl.core.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Checks events against the bundled per-topic JSON Schemas (draft 2020-12), with the same
 * {@link CompiledEventSchema} ingest reads events with, so emit and ingest accept the same events and
 * word their violations alike.
 *
 * <p>The schemas are compiled once; {@code validate} does no schema work and is safe to call from any
 * number of threads on one shared instance. It never throws for bad input.
 */
public final class EventValidator {

    private static final EventValidator BUNDLED = new EventValidator();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Violation> NO_CONTENT = List.of(new Violation("$", "not valid JSON: no content"));

    private EventValidator() {}

    /** The validator for the schemas bundled under {@code somactl/schemas/}. */
    public static EventValidator loadBundled() {
        return BUNDLED;
    }

    /**
     * The ways {@code event} breaks {@code topic}'s schema, ordered by path; empty if it is valid.
     *
     * <p>The tree is written out as JSON and read back, so a number holds only what the tree kept of
     * it: a {@code 5.0000000000000000001} read into a double is checked as {@code 5.0}. Validate the
     * text (or bytes) to have numbers compared exactly as written.
     */
    public List<Violation> validate(Topic topic, JsonNode event) {
        Objects.requireNonNull(topic, "topic");
        if (event == null || event.isMissingNode()) {
            return List.of(new Violation("$", "no event: expected a JSON object"));
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            return List.of(new Violation("$", "not valid JSON: " + e.getOriginalMessage()));
        }
        return validate(topic, json);
    }

    /**
     * Like {@link #validate(Topic, JsonNode)} for raw JSON text. Text that is not exactly one JSON
     * value (syntax error, trailing data, duplicate key, empty) gives a violation at {@code $} whose
     * message starts with {@code not valid JSON:}.
     */
    public List<Violation> validate(Topic topic, String json) {
        Objects.requireNonNull(topic, "topic");
        if (json == null) {
            return NO_CONTENT;
        }
        return validate(topic, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Like {@link #validate(Topic, String)} for the UTF-8 bytes of the JSON text; bytes that are not UTF-8 are not valid JSON. */
    public List<Violation> validate(Topic topic, byte[] json) {
        return validate(topic, json, newFields(topic));
    }

    /**
     * Like {@link #validate(Topic, byte[])}, and when the event is valid {@code into} holds its values,
     * so a caller that needs some of them does not read the event twice.
     *
     * @param into from {@link #newFields(Topic)} for the same topic
     */
    public List<Violation> validate(Topic topic, byte[] json, EventFields into) {
        if (json == null) {
            return NO_CONTENT;
        }
        return CompiledEventSchema.bundled(topic).read(json, 0, json.length, into);
    }

    /** A holder for the values of one event of {@code topic} at a time; not thread-safe, reusable. */
    public EventFields newFields(Topic topic) {
        return CompiledEventSchema.bundled(topic).newFields();
    }
}
