package io.somactl.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A Kafka record read as an event: either the valid event with its time, or why it was refused. */
record DecodedEvent(JsonNode event, Instant ts, String rejection) {
    static DecodedEvent rejected(String reason) {
        return new DecodedEvent(null, null, reason);
    }

    boolean isRejected() {
        return rejection != null;
    }
}
