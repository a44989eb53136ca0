package io.somactl.core.ingest;

import io.somactl.core.events.CompiledEventSchema;
import io.somactl.core.events.Topic;
import io.somactl.core.events.Violation;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a record's bytes as an event of one topic: size limit, then one pass that parses strict
 * JSON (duplicate keys refused) and checks the topic's schema, then the time. Never throws for bad
 * input: it says why.
 */
final class EventDecoder {
    private final Topic topic;
    private final CompiledEventSchema schema;
    private final int tsField;
    private final int maxEventBytes;

    EventDecoder(Topic topic, CompiledEventSchema schema, int maxEventBytes) {
        this.topic = topic;
        this.schema = schema;
        this.tsField = schema.field("ts");
        this.maxEventBytes = maxEventBytes;
        if (tsField < 0) {
            throw new IllegalStateException("the " + topic.topicName() + " schema has no ts field");
        }
    }

    ReadEvent newEvent() {
        return new ReadEvent(schema.newFields());
    }

    /** Reads {@code value} into {@code into}; returns why the event is refused, or null when it is valid. */
    String decode(byte[] value, ReadEvent into) {
        return value == null ? decode(null, 0, 0, into) : decode(value, 0, value.length, into);
    }

    /** {@link #decode(byte[], ReadEvent)} for a record's value as Kafka hands it over (its position and limit untouched). */
    String decode(ByteBuffer value, ReadEvent into) {
        if (value == null) {
            return decode(null, 0, 0, into);
        }
        if (value.hasArray()) {
            return decode(value.array(), value.arrayOffset() + value.position(), value.remaining(), into);
        }
        return decode(bytes(value), into);
    }

    /** A record value's bytes, copied (for the dead-letter topic); null for null. */
    static byte[] bytes(ByteBuffer value) {
        if (value == null) {
            return null;
        }
        byte[] copy = new byte[value.remaining()];
        value.duplicate().get(copy);
        return copy;
    }

    private String decode(byte[] value, int offset, int length, ReadEvent into) {
        if (value == null || length == 0) {
            return "empty record";
        }
        if (length > maxEventBytes) {
            return "event of " + length + " bytes is larger than the limit of " + maxEventBytes
                    + " (--max-event-bytes)";
        }
        List<Violation> violations = schema.read(value, offset, length, into.fields);
        if (!violations.isEmpty()) {
            return describe(violations);
        }
        try {
            byte[] ascii = into.fields.asciiSource(tsField);
            into.tsMillis = ascii != null
                    ? UtcTimestamp.parseMillis(ascii, into.fields.asciiFrom(tsField), into.fields.asciiTo(tsField))
                    : UtcTimestamp.parseMillis(into.fields.text(tsField));
        } catch (DateTimeException e) {
            return "does not match the " + topic.topicName() + " schema: $.ts: " + e.getMessage();
        }
        return null;
    }

    private String describe(List<Violation> violations) {
        Violation first = violations.get(0);
        if (violations.size() == 1
                && first.path().equals("$")
                && (first.message().startsWith("not valid JSON")
                        || first.message().startsWith("not a JSON object"))) {
            return first.message();
        }
        return "does not match the " + topic.topicName() + " schema: "
                + violations.stream().limit(5).map(Violation::toString).collect(Collectors.joining("; "))
                + (violations.size() > 5 ? "; and " + (violations.size() - 5) + " more" : "");
    }
}
