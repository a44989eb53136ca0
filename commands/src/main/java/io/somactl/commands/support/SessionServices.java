package io.somactl.commands.support;

import io.somactl.core.SomactlException;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.config.Settings;
import io.somactl.core.ingest.SessionSink;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.sessions.Postgres;
import io.somactl.core.sessions.PostgresSessionSink;
import io.somactl.core.sessions.SessionComputer;
import io.somactl.core.sessions.SessionStore;
import java.util.Optional;

/** The session summaries' services from the context: PostgreSQL when {@code postgres.url} is set. */
public final class SessionServices {
    private SessionServices() {}

    /** The sink ingest and replay keep the summaries with, or {@link SessionSink#NONE} without a Postgres. */
    public static SessionSink sink(Settings settings, ClickHouse clickHouse, Pricer pricer) {
        Optional<PostgresSessionSink> sink = postgresSink(settings, clickHouse, pricer);
        return sink.isPresent() ? sink.get() : SessionSink.NONE;
    }

    public static Optional<PostgresSessionSink> postgresSink(Settings settings, ClickHouse clickHouse, Pricer pricer) {
        return settings.postgres().map(p -> new PostgresSessionSink(new SessionStore(new Postgres(p), clickHouse.database()),
                new SessionComputer(clickHouse, pricer)));
    }

    /** The session rows' store; a clear error when no Postgres is configured. */
    public static SessionStore store(Settings settings) {
        return new SessionStore(new Postgres(required(settings)), settings.clickHouse().database());
    }

    public static io.somactl.core.sessions.PostgresSettings required(Settings settings) {
        return settings.postgres().orElseThrow(() -> new SomactlException("no PostgreSQL configured (postgres.url is not set):"
                + " somactl config set-context CONTEXT --set postgres.url=postgresql://somactl@127.0.0.1:15432/somactl"));
    }
}
