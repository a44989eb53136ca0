package io.somactl.core.sessions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code sessions rebuild --since T}: every session with an event at or after T computed again from
 * ClickHouse (as ingest computes them) and its rows replaced, in transactions of at most
 * {@value #CHUNK} sessions under the tenants' locks, so it may run while ingest does.
 */
public final class SessionRebuild {
    private static final int CHUNK = 5000;

    /** Sessions and calls written. */
    public record Result(int sessions, int tenants) {}

    private final SessionComputer computer;
    private final PostgresSessionSink sink;

    public SessionRebuild(SessionComputer computer, PostgresSessionSink sink) {
        this.computer = computer;
        this.sink = sink;
    }

    public Result rebuild(Instant since) {
        List<SessionKey> keys = new ArrayList<>(computer.since(since));
        Set<String> tenants = new TreeSet<>();
        for (int i = 0; i < keys.size(); i += CHUNK) {
            List<SessionKey> chunk = keys.subList(i, Math.min(keys.size(), i + CHUNK));
            sink.recompute(new TreeSet<>(chunk));
            chunk.forEach(k -> tenants.add(k.tenant()));
        }
        return new Result(keys.size(), tenants.size());
    }
}
