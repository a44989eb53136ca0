package io.somactl.core.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.events.EventValidator;
import io.somactl.core.events.Topic;
import io.somactl.core.events.Violation;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a record's bytes as an event of its topic: size limit, strict JSON (decimals kept exact,
 * duplicate keys refused), then the topic's schema. Never throws for bad input: it says why.
 */
final class EventDecoder {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final EventValidator validator;
    private final int maxEventBytes;

    EventDecoder(EventValidator validator, int maxEventBytes) {
        this.validator = validator;
        this.maxEventBytes = maxEventBytes;
    }

    DecodedEvent decode(Topic topic, byte[] value) {
        if (value == null || value.length == 0) {
            return DecodedEvent.rejected("empty record");
        }
        if (value.length > maxEventBytes) {
            return DecodedEvent.rejected("event of " + value.length + " bytes is larger than the limit of "
                    + maxEventBytes + " (--max-event-bytes)");
        }
        JsonNode event;
        try {
            event = MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            return DecodedEvent.rejected("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return DecodedEvent.rejected("not valid JSON: " + e.getMessage());
        }
        if (event == null || !event.isObject()) {
            return DecodedEvent.rejected("not a JSON object");
        }
        List<Violation> violations = validator.validate(topic, event);
        if (!violations.isEmpty()) {
            return DecodedEvent.rejected("does not match the " + topic.topicName() + " schema: "
                    + violations.stream().limit(5).map(Violation::toString).collect(Collectors.joining("; "))
                    + (violations.size() > 5 ? "; and " + (violations.size() - 5) + " more" : ""));
        }
        return new DecodedEvent(event, Instant.parse(event.get("ts").asText()), null);
    }
}
