package io.somactl.core.emit;

/** What a running emit tells its caller, on the caller's thread, in input order. */
public interface EmitListener {
    /** A line that will not be sent. */
    void invalid(InvalidLine line);

    /** Every {@link EventEmitter#PROGRESS_INTERVAL} once a run has taken that long. */
    default void progress(EmitProgress progress) {}

    EmitListener NONE = line -> {};
}
