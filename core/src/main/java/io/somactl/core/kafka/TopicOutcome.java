package io.somactl.core.kafka;

/** What {@code topics create} did for one topic. */
public record TopicOutcome(String topic, boolean deadLetter, int partitions, State state) {
    public enum State {
        CREATED,
        EXISTS
    }
}
