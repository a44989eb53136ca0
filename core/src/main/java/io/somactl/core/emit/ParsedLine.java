package io.somactl.core.emit;

import io.somactl.core.events.Topic;

/** What one input line turned out to be: an event to send, or a reason it is not one. */
public sealed interface ParsedLine {

    /**
     * A valid event.
     *
     * @param tenant the event's tenant (already checked against the contract's pattern): the record key
     * @param value the event's JSON exactly as it was in the line (for an envelope, its {@code event})
     */
    record Accepted(Topic topic, String tenant, byte[] value) implements ParsedLine {}

    /**
     * A line that is not sent.
     *
     * @param topic the topic the line was meant for, when that much could be read; else null
     * @param reason what is wrong, safe to print (control and bidi characters escaped)
     */
    record Rejected(Topic topic, String reason) implements ParsedLine {}
}
