package io.somactl.core.export;

import java.time.Instant;

/** Hears how far an export is; rows arrive in time order, so {@code bucket} tells how far through the period. */
public interface ExportProgress {
    ExportProgress NONE = new ExportProgress() {};

    /** The query was sent; ClickHouse is aggregating (nothing streams until it has). */
    default void querying() {}

    /** {@code rows} rows written so far; the latest row's bucket starts at {@code bucket}. */
    default void rows(long rows, Instant bucket) {}

    /** The file is complete. */
    default void finished(long rows, long bytes) {}
}
