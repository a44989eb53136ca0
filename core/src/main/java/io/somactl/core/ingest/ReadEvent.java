package io.somactl.core.ingest;

import io.somactl.core.events.EventFields;
import java.time.Instant;

/** The event the decoder read last: its field values (reused from record to record) and its time. */
final class ReadEvent {
    final EventFields fields;
    long tsMillis;

    ReadEvent(EventFields fields) {
        this.fields = fields;
    }

    Instant ts() {
        return Instant.ofEpochMilli(tsMillis);
    }
}
