package io.somactl.core.top;

/**
 * Ingest's state on one topic from Kafka's offsets: the consumer group's lag (events not yet committed), the
 * events the topic holds (end minus start offsets) and those its dead-letter topic holds.
 */
public record TopicHealth(String topic, long lag, long events, long deadLetters) {
    /** Dead letters as a share of the topic's events, in percent (0 without events). */
    public double deadLetterPercent() {
        return events == 0 ? 0 : 100.0 * deadLetters / events;
    }
}
