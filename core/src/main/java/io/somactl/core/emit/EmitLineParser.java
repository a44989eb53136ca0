package io.somactl.core.emit;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.somactl.core.events.EventFields;
import io.somactl.core.events.EventValidator;
import io.somactl.core.events.Topic;
import io.somactl.core.events.Violation;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Reads one NDJSON line of {@code somactl emit} input and checks it against the event contract.
 *
 * <p>A line is one JSON object, either
 * <ul>
 *   <li>an <b>envelope</b> {@code {"topic":"slm.metrics","event":{...}}}: exactly those two fields
 *       (an object with a {@code topic} or {@code event} field is taken as an envelope), the topic
 *       one of the contract's six; with a default topic ({@code --topic}), an envelope for another
 *       topic is refused; or
 *   <li>a <b>bare event</b> {@code {...}}, for the default topic; without one it is refused.
 * </ul>
 * The event must then validate against its topic's schema, checked on its own bytes in the line by
 * the reader ingest uses, so what emit sends ingest accepts. What is sent is the event's JSON text
 * exactly as it stood in the line (no re-serialisation), keyed by its tenant. Reasons quote the
 * input only through {@link Violation}, which escapes control and bidi characters. Thread-safe.
 */
public final class EmitLineParser {
    private static final int MAX_VIOLATIONS_SHOWN = 3;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final String TENANT = "tenant";

    private final EventValidator validator;
    private final Topic defaultTopic;

    /**
     * @param defaultTopic the topic of bare events ({@code --topic}), or null to accept envelopes only
     */
    public EmitLineParser(EventValidator validator, Topic defaultTopic) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.defaultTopic = defaultTopic;
    }

    public ParsedLine parse(byte[] line) {
        TopLevelFields top;
        try (JsonParser parser = FACTORY.createParser(line)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return reject(null, "$", "not valid JSON: no content");
            }
            if (token != JsonToken.START_OBJECT) {
                return reject(null, "$", "must be a JSON object (an event, or {\"topic\":…,\"event\":{…}})");
            }
            top = TopLevelFields.scan(parser);
            if (parser.nextToken() != null) {
                return reject(null, "$", "not valid JSON: more data after the object (one JSON object per line)");
            }
        } catch (JacksonException e) {
            return notJson(e);
        } catch (IOException e) {
            return reject(null, "$", "not valid JSON: " + e.getMessage());
        }
        if (top.isEnvelope()) {
            return envelope(line, top);
        }
        if (defaultTopic == null) {
            return reject(
                    null,
                    "$",
                    "a bare event needs --topic TOPIC, or wrap it: {\"topic\":\"slm.metrics\",\"event\":{…}}");
        }
        return validated(defaultTopic, trimmed(line));
    }

    private ParsedLine envelope(byte[] line, TopLevelFields top) {
        if (!top.hasTopic) {
            return reject(null, "$.topic", "is required but missing (an envelope is {\"topic\":…,\"event\":{…}})");
        }
        if (top.topicName == null) {
            return reject(null, "$.topic", "must be a string, one of: " + topicNames());
        }
        Topic topic = Topic.byName(top.topicName).orElse(null);
        if (topic == null) {
            return reject(null, "$.topic", "unknown topic '" + top.topicName + "': must be one of: " + topicNames());
        }
        if (top.firstOtherField != null) {
            return reject(
                    topic,
                    "$." + top.firstOtherField,
                    "is not a field of the envelope (it has exactly topic and event)");
        }
        if (defaultTopic != null && topic != defaultTopic) {
            return reject(
                    topic,
                    "$.topic",
                    "the envelope is for " + topic.topicName() + " but --topic is " + defaultTopic.topicName());
        }
        if (!top.hasEvent) {
            return reject(topic, "$.event", "is required but missing (an envelope is {\"topic\":…,\"event\":{…}})");
        }
        if (top.eventStart < 0) {
            return reject(topic, "$.event", "must be a JSON object (the event)");
        }
        return validated(topic, Arrays.copyOfRange(line, top.eventStart, top.eventEnd));
    }

    /** Validates the event's own bytes, in the one pass that also reads the tenant it is keyed by. */
    private ParsedLine validated(Topic topic, byte[] event) {
        EventFields fields = validator.newFields(topic);
        List<Violation> violations = validator.validate(topic, event, fields);
        if (!violations.isEmpty()) {
            StringJoiner reason = new StringJoiner("; ");
            violations.stream().limit(MAX_VIOLATIONS_SHOWN).forEach(v -> reason.add(v.toString()));
            if (violations.size() > MAX_VIOLATIONS_SHOWN) {
                reason.add("and " + (violations.size() - MAX_VIOLATIONS_SHOWN) + " more");
            }
            return new ParsedLine.Rejected(topic, topic.topicName() + " event: " + reason);
        }
        return new ParsedLine.Accepted(topic, fields.text(fields.field(TENANT)), event);
    }

    private static ParsedLine.Rejected notJson(JacksonException e) {
        String message = e.getOriginalMessage();
        return reject(
                null, "$", "not valid JSON: " + (message == null ? e.getClass().getSimpleName() : message));
    }

    private static ParsedLine.Rejected reject(Topic topic, String path, String message) {
        return new ParsedLine.Rejected(topic, new Violation(path, message).toString());
    }

    private static byte[] trimmed(byte[] line) {
        int start = 0;
        int end = line.length;
        while (start < end && isJsonSpace(line[start])) {
            start++;
        }
        while (end > start && isJsonSpace(line[end - 1])) {
            end--;
        }
        return start == 0 && end == line.length ? line : Arrays.copyOfRange(line, start, end);
    }

    private static boolean isJsonSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static String topicNames() {
        StringJoiner names = new StringJoiner(", ");
        for (Topic topic : Topic.values()) {
            names.add(topic.topicName());
        }
        return names.toString();
    }
}
