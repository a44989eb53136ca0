package io.somactl.core.emit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What an emit line's top-level object says about being an envelope, found by walking its tokens
 * without building values: the event itself is only located (its byte range), so that it is read once,
 * by the validator, from the line's own bytes.
 */
final class TopLevelFields {
    private static final String TOPIC = "topic";
    private static final String EVENT = "event";

    boolean hasTopic;
    /** The topic field's value if it is a string, else null. */
    String topicName;

    boolean hasEvent;
    /** The byte range of the event field's value if it is an object, else -1. */
    int eventStart = -1;

    int eventEnd = -1;
    /** The first field that is neither topic nor event, or null. */
    String firstOtherField;

    private TopLevelFields() {}

    /** Walks the fields of the object whose START_OBJECT {@code parser} is on, to its END_OBJECT. */
    static TopLevelFields scan(JsonParser parser) throws IOException {
        TopLevelFields top = new TopLevelFields();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (TOPIC.equals(name)) {
                top.hasTopic = true;
                top.topicName = value == JsonToken.VALUE_STRING ? parser.getText() : null;
            } else if (EVENT.equals(name)) {
                top.hasEvent = true;
                if (value == JsonToken.START_OBJECT) {
                    top.eventStart = tokenOffset(parser);
                    parser.skipChildren();
                    top.eventEnd = tokenOffset(parser) + 1;
                }
            } else if (top.firstOtherField == null) {
                top.firstOtherField = name;
            }
            parser.skipChildren(); // still tokenised: syntax errors, duplicate keys and deep nesting are refused
        }
        return top;
    }

    private static int tokenOffset(JsonParser parser) {
        return Math.toIntExact(parser.currentTokenLocation().getByteOffset());
    }

    /** An object with a topic or an event field is taken for an envelope (and refused if it is not a whole one). */
    boolean isEnvelope() {
        return hasTopic || hasEvent;
    }
}
