package io.somactl.core.emit;

import io.somactl.core.events.Topic;

/** Where {@link EventEmitter} sends valid events: Kafka ({@link KafkaEventSink}). */
public interface EventSink extends AutoCloseable {

    /**
     * Sends one event asynchronously; {@code acknowledged} is called once, from any thread, with
     * null when the server has it, or with the failure (already worded for a person).
     */
    void send(Topic topic, byte[] key, byte[] value, Acknowledgement acknowledged);

    /** Blocks until every event sent so far is acknowledged or has failed. */
    void flush();

    /** The name the topic has on the server (e.g. with a prefix). */
    String nameOf(Topic topic);

    @Override
    void close();

    /** Called when a send completes. */
    @FunctionalInterface
    interface Acknowledgement {
        void completed(RuntimeException failure);
    }

    /** Opens a sink (connecting to the server); strict mode opens it only once the input is known valid. */
    @FunctionalInterface
    interface Opener {
        EventSink open();
    }
}
