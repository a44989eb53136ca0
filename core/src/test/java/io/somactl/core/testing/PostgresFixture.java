package io.somactl.core.testing;

import io.somactl.core.Secret;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.sessions.Postgres;
import io.somactl.core.sessions.PostgresMigrations;
import io.somactl.core.sessions.PostgresSessionSink;
import io.somactl.core.sessions.PostgresSettings;
import io.somactl.core.sessions.SessionComputer;
import io.somactl.core.sessions.SessionStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack's PostgreSQL (stack/up starts it: SOMACTL_POSTGRES_PORT, role and database somactl) with the
 * session tables in the schema named like a test's ClickHouse database; {@link #close()} drops the schema.
 */
public final class PostgresFixture implements AutoCloseable {
    public final Postgres postgres;
    public final String schema;
    public final SessionStore store;

    public PostgresFixture(LocalStack stack, String database) {
        this.postgres = new Postgres(settings(stack));
        this.schema = database;
        new PostgresMigrations(postgres, database).apply();
        this.store = new SessionStore(postgres, database);
    }

    /** The URL a context would name: {@code postgresql://somactl:somactl@127.0.0.1:PORT/somactl}. */
    public static String url(LocalStack stack) {
        return "postgresql://somactl:somactl@127.0.0.1:" + stack.port("SOMACTL_POSTGRES_PORT") + "/somactl";
    }

    public static PostgresSettings settings(LocalStack stack) {
        return PostgresSettings.parse(url(stack), "somactl", Secret.none(), Duration.ofSeconds(10));
    }

    public PostgresSessionSink sink(ClickHouse clickHouse, Pricer pricer) {
        return new PostgresSessionSink(store, new SessionComputer(clickHouse, pricer));
    }

    /** Every row of a query, as text (NULL as null), in the query's order. */
    public List<List<String>> rows(String sql) {
        try (Connection c = postgres.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql.replace("${schema}", "\"" + schema + "\""))) {
            ResultSetMetaData meta = r.getMetaData();
            List<List<String>> rows = new ArrayList<>();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(r.getString(i));
                }
                rows.add(row);
            }
            c.rollback();
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public void execute(String sql) {
        try (Connection c = postgres.connect();
                Statement s = c.createStatement()) {
            s.execute(sql.replace("${schema}", "\"" + schema + "\""));
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS ${schema} CASCADE");
    }
}
