package io.somactl.core.sessions;

import io.somactl.core.ingest.IngestTrace;
import io.somactl.core.ingest.SessionSink;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Keeps the session and call rows in PostgreSQL as ingest stores batches, exactly once. After a
 * batch's insert, in ONE Postgres transaction: lock the batch's source partitions' applied offsets,
 * find in ClickHouse the sessions with a row above them (up to the batch's last offset), lock those
 * tenants, compute those sessions whole from ClickHouse, replace their rows and move the offsets.
 *
 * <p>Why nothing is applied twice or lost: a row is never added to a sum, its session is computed
 * again from all its rows, so computing it twice gives the same row; and a crash between the
 * ClickHouse insert and the commit leaves the offsets where they were, so the re-read batch (which
 * ClickHouse's stored-offsets check keeps from being inserted again) still covers those offsets and
 * their sessions are computed then. The tenant locks order two writers of one session: the one
 * that commits later read ClickHouse later, after both inserts.
 *
 * <p>A replay's rows lie below the watermark, so a replay run again after a kill finds them stored
 * and would not revisit them: it {@linkplain #marking marks} each batch's ranges before the insert
 * (committed, the mark's advisory lock held while it runs), the transaction of {@link #stored}
 * deletes the mark, and the next replay {@linkplain #applyMarked applies} the marks left by replays
 * that died.
 */
public final class PostgresSessionSink implements SessionSink {
    private final SessionStore store;
    private final SessionComputer computer;
    private Connection connection;
    private UUID mark; // the replay batch's mark, from marking() until stored() applies it

    public PostgresSessionSink(SessionStore store, SessionComputer computer) {
        this.store = store;
        this.computer = computer;
    }

    @Override
    public synchronized void stored(Map<String, Map<Integer, long[]>> ranges) {
        if (ranges.isEmpty() && mark == null) {
            return;
        }
        try {
            Connection c = connection();
            try {
                apply(c, ranges);
                if (mark != null) { // the replay's mark goes with the sessions it protected
                    store.deleteMark(c, mark);
                }
                c.commit();
                if (mark != null) {
                    store.unlockMark(c, mark);
                    mark = null;
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            closeQuietly();
            throw store.postgres().failure("storing the session summaries", e);
        }
    }

    /**
     * Before a replay's insert: writes the batch's source ranges as a mark (committed), holding the
     * mark's advisory lock for as long as this connection lives or until {@link #stored} applies it.
     */
    @Override
    public synchronized void marking(Map<String, Map<Integer, long[]>> ranges) {
        if (ranges.isEmpty()) {
            return;
        }
        try {
            Connection c = connection();
            try {
                if (mark != null) { // the batch marked before failed: its mark stays for the next replay
                    store.unlockMark(c, mark);
                    mark = null;
                }
                UUID next = UUID.randomUUID();
                store.lockMark(c, next);
                store.mark(c, next, ranges);
                c.commit();
                mark = next;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            closeQuietly();
            throw store.postgres().failure("marking a replay's ranges", e);
        }
    }

    /** Each mark no running replay holds: its ranges applied and the mark deleted, in one transaction. */
    @Override
    public synchronized int applyMarked() {
        int done = 0;
        try {
            Connection c = connection();
            try {
                for (UUID each : store.marks(c)) {
                    if (!store.tryLockMarkForTransaction(c, each)) {
                        c.rollback(); // its replay is running
                        continue;
                    }
                    Map<String, Map<Integer, long[]>> ranges = store.markedRanges(c, each);
                    if (!ranges.isEmpty()) {
                        apply(c, ranges);
                        store.deleteMark(c, each);
                        done++;
                    }
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            closeQuietly();
            throw store.postgres().failure("applying the ranges interrupted replays marked", e);
        }
        return done;
    }

    /**
     * The sessions with a row of these ranges above the applied offsets (or, for rows below them, of
     * the ranges themselves) computed and written, the offsets moved; the caller commits.
     */
    private void apply(Connection c, Map<String, Map<Integer, long[]>> ranges) throws SQLException {
        if (ranges.isEmpty()) {
            return;
        }
        Map<String, Map<Integer, Long>> applied = store.appliedForUpdate(c, ranges);
        Map<String, Map<Integer, long[]>> read = new HashMap<>();
        ranges.forEach((topic, partitions) -> partitions.forEach((partition, range) -> {
            long from = Math.min(range[0], applied.get(topic).get(partition) + 1);
            read.computeIfAbsent(topic, t -> new HashMap<>()).put(partition, new long[] {from, range[1]});
        }));
        Map<String, Map<Integer, Long>> highest = new HashMap<>();
        long t0 = System.nanoTime();
        Set<SessionKey> keys = computer.touched(read, highest);
        Set<String> tenants = new TreeSet<>();
        keys.forEach(k -> tenants.add(k.tenant()));
        store.lockTenants(c, tenants);
        long t1 = System.nanoTime();
        SessionComputer.Computed computed = computer.compute(keys);
        long t2 = System.nanoTime();
        store.write(c, computed);
        if (IngestTrace.on()) {
            IngestTrace.mark(String.format(
                    "sessions: %d touched in %d ms, computed in %d ms, written in %d ms",
                    keys.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000));
        }
        for (Map.Entry<String, Map<Integer, long[]>> topic : ranges.entrySet()) {
            for (Map.Entry<Integer, long[]> partition : topic.getValue().entrySet()) {
                long through = partition.getValue()[1];
                if (through == Long.MAX_VALUE) {
                    through = highest.getOrDefault(topic.getKey(), Map.of()).getOrDefault(partition.getKey(), -1L);
                }
                store.setApplied(c, topic.getKey(), partition.getKey(), through);
            }
        }
    }

    /** Recomputes these sessions (and their calls) and replaces their rows, in one transaction. */
    public synchronized void recompute(Set<SessionKey> keys) {
        try {
            Connection c = connection();
            try {
                Set<String> tenants = new TreeSet<>();
                keys.forEach(k -> tenants.add(k.tenant()));
                store.lockTenants(c, tenants);
                store.write(c, computer.compute(keys));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            closeQuietly();
            throw store.postgres().failure("storing the session summaries", e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = store.postgres().connect();
        }
        return connection;
    }

    private void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            closeQuietly(); // a broken connection: the next batch opens a new one
        }
    }

    private void closeQuietly() {
        mark = null; // its lock goes with the connection; the mark stays for the next replay
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // already broken
        }
        connection = null;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
