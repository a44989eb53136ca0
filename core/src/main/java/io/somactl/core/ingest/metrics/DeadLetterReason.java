package io.somactl.core.ingest.metrics;

import java.util.Locale;

/**
 * Why an event went to its dead-letter topic, as a fixed word for the {@code reason} label of
 * {@code somactl_ingest_dead_letters_total} (the full reason is in the dead letter's
 * {@code somactl.reason} header; a label made of it would grow without bound).
 */
public enum DeadLetterReason {
    /** An empty record. */
    EMPTY,
    /** Larger than --max-event-bytes. */
    TOO_LARGE,
    /** Not JSON, or not a JSON object. */
    INVALID_JSON,
    /** Does not match its topic's schema (including a time the calendar does not have). */
    SCHEMA,
    /** The catalog cannot price it: an unknown model, a time before its model's first price. */
    UNPRICED,
    /** A value its column cannot hold. */
    UNSTORABLE,
    /** Anything else. */
    OTHER;

    /** The label value: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Classifies the worker's reason text (as written to the {@code somactl.reason} header). */
    public static DeadLetterReason of(String reason) {
        if (reason == null) {
            return OTHER;
        }
        if (reason.equals("empty record")) {
            return EMPTY;
        }
        if (reason.startsWith("event of ") && reason.contains("is larger than the limit")) {
            return TOO_LARGE;
        }
        if (reason.startsWith("not valid JSON") || reason.startsWith("not a JSON object")) {
            return INVALID_JSON;
        }
        if (reason.startsWith("does not match the ")) {
            return SCHEMA;
        }
        if (reason.startsWith("cannot price")) {
            return UNPRICED;
        }
        if (reason.startsWith("cannot store")) {
            return UNSTORABLE;
        }
        return OTHER;
    }
}
