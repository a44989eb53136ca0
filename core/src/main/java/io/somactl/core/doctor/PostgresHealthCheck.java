package io.somactl.core.doctor;

import io.somactl.core.sessions.Postgres;
import io.somactl.core.sessions.PostgresSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/** PostgreSQL of the session summaries: optional, {@code not-configured} without {@code postgres.url}. */
public final class PostgresHealthCheck implements HealthCheck {
    private final Optional<PostgresSettings> settings;

    public PostgresHealthCheck(Optional<PostgresSettings> settings) {
        this.settings = settings;
    }

    @Override
    public String server() {
        return "postgres";
    }

    @Override
    public String address() {
        return settings.map(PostgresSettings::display).orElse("-");
    }

    @Override
    public HealthReport check() {
        if (settings.isEmpty()) {
            return HealthReport.notConfigured(server(), "postgres.url");
        }
        try (Connection c = new Postgres(settings.get()).connect();
                Statement s = c.createStatement()) {
            long start = System.nanoTime();
            try (ResultSet r = s.executeQuery("SHOW server_version")) {
                r.next();
                Duration latency = Duration.ofNanos(System.nanoTime() - start);
                return HealthReport.up(server(), address(), r.getString(1).split(" ")[0], latency);
            }
        } catch (Exception e) {
            return HealthReport.down(server(), address(), Problems.describe(e));
        }
    }
}
