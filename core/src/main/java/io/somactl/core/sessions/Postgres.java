package io.somactl.core.sessions;

import io.somactl.core.ServerUnreachableException;
import io.somactl.core.SomactlException;
import io.somactl.core.text.Redaction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens connections to the configured PostgreSQL (the official JDBC driver; one connection per user, no pool). */
public final class Postgres {
    private final PostgresSettings settings;

    public Postgres(PostgresSettings settings) {
        this.settings = settings;
    }

    public PostgresSettings settings() {
        return settings;
    }

    /** A new connection, autocommit off. */
    public Connection connect() {
        Properties p = new Properties();
        p.setProperty("user", settings.user());
        if (settings.password().isSet()) {
            p.setProperty("password", settings.password().reveal());
        }
        long seconds = Math.max(1, settings.timeout().toSeconds());
        p.setProperty("connectTimeout", Long.toString(seconds));
        p.setProperty("socketTimeout", Long.toString(Math.max(60, seconds * 6)));
        p.setProperty("ApplicationName", "somactl");
        p.setProperty("reWriteBatchedInserts", "true");
        try {
            Connection c = DriverManager.getConnection(settings.jdbcUrl(), p);
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            throw failure("connecting to", e);
        }
    }

    /** A one-line error for a failed statement: unreachable servers as such (exit 3), the rest as failures. */
    public SomactlException failure(String doing, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = Redaction.redact(
                String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        if (state.startsWith("08")) {
            return new ServerUnreachableException("postgres", settings.display(), e);
        }
        return new SomactlException("PostgreSQL at " + settings.display() + ": " + doing + " failed: " + message, e);
    }
}
