package io.somactl.core.ingest;

import java.util.Map;

/**
 * What the store step tells the per-session summaries (PostgreSQL, see {@code sessions}) after a
 * batch's rows are in ClickHouse. {@link #NONE} (no {@code postgres.url}): nothing, and ingest is as
 * without it. An implementation brings its summaries up to date with what ClickHouse holds of these
 * source partitions and records how far it got, atomically, so a crash between the insert and its
 * commit is made good by the re-read that follows (nothing applied twice, nothing lost).
 */
public interface SessionSink extends AutoCloseable {
    SessionSink NONE = ranges -> {};

    /** From this offset on: whatever the sink has not applied yet (its own watermark decides where to start). */
    long FROM_WATERMARK = Long.MAX_VALUE;

    /**
     * Rows of these source partitions ({@code _topic} to {@code _partition} to {from, through}, inclusive;
     * from {@link #FROM_WATERMARK}: from the sink's own watermark) are stored in ClickHouse.
     */
    void stored(Map<String, Map<Integer, long[]>> ranges);

    /**
     * A replay is about to insert rows of these source ranges below the ingest watermark: remembers
     * them durably until the {@link #stored} that follows has applied them, so a replay killed in
     * between (whose rows the next run finds already stored, below the watermark) leaves them to
     * {@link #applyMarked}.
     */
    default void marking(Map<String, Map<Integer, long[]>> ranges) {}

    /** Applies the ranges interrupted replays marked and never applied (not those of a replay still running); returns how many marks. */
    default int applyMarked() {
        return 0;
    }

    /** Lets go of its connection. */
    @Override
    default void close() {}
}
