package io.somactl.core.emit;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * The event must then validate against its topic's schema. What is sent is the event's JSON text
 * exactly as it stood in the line (no re-serialisation), keyed by its tenant. Reasons quote the
 * input only through {@link Violation}, which escapes control and bidi characters. Thread-safe.
 */
public final class EmitLineParser {
    private static final int MAX_VIOLATIONS_SHOWN = 3;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new JsonMapper(FACTORY);
    private static final ObjectReader READER = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String TOPIC = "topic";
    private static final String EVENT = "event";

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
        ObjectNode top = null;
        int eventStart = -1;
        int eventEnd = -1;
        try (JsonParser parser = FACTORY.createParser(line)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return reject(null, "$", "not valid JSON: no content");
            }
            if (token != JsonToken.START_OBJECT) {
                return reject(null, "$", "must be a JSON object (an event, or {\"topic\":…,\"event\":{…}})");
            }
            token = parser.nextToken();
            if (token == JsonToken.FIELD_NAME && isEnvelopeField(parser.currentName())) {
                // An envelope, read as a stream so the event's exact bytes can be cut out of the line.
                top = JsonNodeFactory.instance.objectNode();
                do {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (EVENT.equals(name) && value == JsonToken.START_OBJECT) {
                        eventStart = Math.toIntExact(parser.currentTokenLocation().getByteOffset());
                        top.set(name, MAPPER.readTree(parser));
                        eventEnd = Math.toIntExact(parser.currentTokenLocation().getByteOffset()) + 1;
                    } else if (value == JsonToken.VALUE_STRING) {
                        top.put(name, parser.getText());
                    } else {
                        top.set(name, MAPPER.readTree(parser));
                    }
                } while (parser.nextToken() == JsonToken.FIELD_NAME);
                if (parser.nextToken() != null) {
                    return reject(null, "$", "not valid JSON: more data after the object (one JSON object per line)");
                }
            }
        } catch (JacksonException e) {
            return notJson(e);
        } catch (IOException e) {
            return reject(null, "$", "not valid JSON: " + e.getMessage());
        }
        if (top != null) {
            return envelope(line, top, eventStart, eventEnd);
        }
        JsonNode event;
        try {
            event = READER.readTree(line);
        } catch (JacksonException e) {
            return notJson(e);
        } catch (IOException e) {
            return reject(null, "$", "not valid JSON: " + e.getMessage());
        }
        if (event.has(TOPIC) || event.has(EVENT)) {
            // an envelope whose topic or event field does not come first: read it again as one
            return parseEnvelopeAnyOrder(line);
        }
        if (defaultTopic == null) {
            return reject(null, "$", "a bare event needs --topic TOPIC, or wrap it: {\"topic\":\"slm.metrics\",\"event\":{…}}");
        }
        return validated(defaultTopic, event, trimmed(line));
    }

    private static boolean isEnvelopeField(String name) {
        return TOPIC.equals(name) || EVENT.equals(name);
    }

    /** An envelope with other fields before topic and event: refused, but with the envelope's reason. */
    private ParsedLine parseEnvelopeAnyOrder(byte[] line) {
        ObjectNode top = JsonNodeFactory.instance.objectNode();
        int eventStart = -1;
        int eventEnd = -1;
        try (JsonParser parser = FACTORY.createParser(line)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (EVENT.equals(name) && value == JsonToken.START_OBJECT) {
                    eventStart = Math.toIntExact(parser.currentTokenLocation().getByteOffset());
                    top.set(name, MAPPER.readTree(parser));
                    eventEnd = Math.toIntExact(parser.currentTokenLocation().getByteOffset()) + 1;
                } else {
                    top.set(name, MAPPER.readTree(parser));
                }
            }
        } catch (IOException e) {
            return reject(null, "$", "not valid JSON: " + e.getMessage()); // cannot happen: it parsed once already
        }
        return envelope(line, top, eventStart, eventEnd);
    }

    private ParsedLine envelope(byte[] line, ObjectNode top, int eventStart, int eventEnd) {
        JsonNode topicName = top.get(TOPIC);
        if (topicName == null) {
            return reject(null, "$.topic", "is required but missing (an envelope is {\"topic\":…,\"event\":{…}})");
        }
        if (!topicName.isTextual()) {
            return reject(null, "$.topic", "must be a string, one of: " + topicNames());
        }
        Topic topic = Topic.byName(topicName.textValue()).orElse(null);
        if (topic == null) {
            return reject(null, "$.topic", "unknown topic '" + topicName.textValue() + "': must be one of: " + topicNames());
        }
        for (var names = top.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOPIC.equals(name) && !EVENT.equals(name)) {
                return reject(topic, "$." + name, "is not a field of the envelope (it has exactly topic and event)");
            }
        }
        if (defaultTopic != null && topic != defaultTopic) {
            return reject(topic, "$.topic", "the envelope is for " + topic.topicName() + " but --topic is "
                    + defaultTopic.topicName());
        }
        JsonNode event = top.get(EVENT);
        if (event == null) {
            return reject(topic, "$.event", "is required but missing (an envelope is {\"topic\":…,\"event\":{…}})");
        }
        if (!event.isObject() || eventStart < 0) {
            return reject(topic, "$.event", "must be a JSON object (the event)");
        }
        return validated(topic, event, Arrays.copyOfRange(line, eventStart, eventEnd));
    }

    private ParsedLine validated(Topic topic, JsonNode event, byte[] value) {
        List<Violation> violations = validator.validate(topic, event);
        if (!violations.isEmpty()) {
            StringJoiner reason = new StringJoiner("; ");
            violations.stream().limit(MAX_VIOLATIONS_SHOWN).forEach(v -> reason.add(v.toString()));
            if (violations.size() > MAX_VIOLATIONS_SHOWN) {
                reason.add("and " + (violations.size() - MAX_VIOLATIONS_SHOWN) + " more");
            }
            return new ParsedLine.Rejected(topic, topic.topicName() + " event: " + reason);
        }
        return new ParsedLine.Accepted(topic, event.get("tenant").textValue(), value);
    }

    private static ParsedLine.Rejected notJson(JacksonException e) {
        String message = e.getOriginalMessage();
        return reject(null, "$", "not valid JSON: " + (message == null ? e.getClass().getSimpleName() : message));
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
