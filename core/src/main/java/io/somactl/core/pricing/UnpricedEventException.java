package io.somactl.core.pricing;

import io.somactl.core.SomactlException;
import java.time.Instant;

/**
 * An event cannot be priced with the catalog: its model (or deployment mode, or voice pipeline) is
 * not in the catalog, or the event is older than the first price period for it. Ingest dead-letters
 * these events; the message names what was missing and the event time.
 */
public class UnpricedEventException extends SomactlException {
    /** Why an event could not be priced. */
    public enum Reason {
        /** The model id is not in the catalog's {@code models}. */
        UNKNOWN_MODEL,
        /** The deployment mode is not in the catalog's {@code gpu} section. */
        UNKNOWN_DEPLOYMENT_MODE,
        /** The catalog has no {@code voice} rates at all. */
        NO_VOICE_RATES,
        /** The event is timestamped before the first {@code effective_from} of what it needs. */
        BEFORE_FIRST_PRICE,
        /**
         * The event's token counts cannot come from its model's usage convention (e.g. more cached
         * tokens than input tokens where the provider counts the cache inside the input).
         */
        IMPOSSIBLE_USAGE
    }

    private final Reason reason;
    private final String subject;
    private final Instant timestamp;

    public UnpricedEventException(Reason reason, String subject, Instant timestamp, String message) {
        super(message);
        this.reason = reason;
        this.subject = subject;
        this.timestamp = timestamp;
    }

    public Reason reason() {
        return reason;
    }

    /** What was missing a price: the model id, the deployment mode, or {@code voice}. */
    public String subject() {
        return subject;
    }

    /** The timestamp of the event that could not be priced. */
    public Instant timestamp() {
        return timestamp;
    }
}
