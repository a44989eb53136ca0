package io.somactl.core.emit;

import io.somactl.core.events.Topic;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What an emit did.
 *
 * @param topics per topic (all six, in contract order): lines valid, invalid and sent (acknowledged)
 * @param invalidWithoutTopic invalid lines whose topic could not be told (not JSON, bare without --topic…)
 * @param lines lines read, blank ones included
 * @param outcome whether events were sent
 * @param elapsed wall time of the run
 */
public record EmitReport(
        Map<Topic, Counts> topics, long invalidWithoutTopic, long lines, Outcome outcome, Duration elapsed) {

    public EmitReport {
        topics = Collections.unmodifiableMap(new EnumMap<>(topics));
    }

    /** How the run ended. */
    public enum Outcome {
        /** Valid events were sent and acknowledged; invalid lines (if any) were skipped. */
        SENT,
        /** Dry run: validated only, nothing sent. */
        VALIDATED,
        /** Strict mode found invalid lines: nothing was sent. */
        REFUSED
    }

    /** One topic's counts. */
    public record Counts(long valid, long invalid, long sent) {}

    public long invalid() {
        return invalidWithoutTopic
                + topics.values().stream().mapToLong(Counts::invalid).sum();
    }

    public long valid() {
        return topics.values().stream().mapToLong(Counts::valid).sum();
    }

    public long sent() {
        return topics.values().stream().mapToLong(Counts::sent).sum();
    }
}
