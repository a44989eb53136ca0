package io.somactl.core.sessions;

import io.somactl.core.SomactlException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL migrations shipped in the jar ({@code sql/postgres/index.txt} names them), run in
 * order into the schema named like the ClickHouse database, each in its own transaction with its row
 * in {@code <schema>.somactl_migrations} (version, name, SHA-256): {@code schema apply} runs the
 * pending ones, {@code schema status} shows them.
 */
public final class PostgresMigrations {
    private static final String ROOT = "somactl/sql/postgres/";

    /**
     * One migration and what the database holds of it: applied, pending or changed (edited after it
     * ran); {@code appliedAt} empty unless it ran.
     */
    public record Status(int version, String name, String state, String appliedAt) {
        public boolean applied() {
            return state.equals("applied");
        }
    }

    private record Migration(int version, String name, String sql, String checksum) {}

    private final Postgres postgres;
    private final String schema;

    public PostgresMigrations(Postgres postgres, String schema) {
        this.postgres = postgres;
        this.schema = SessionStore.schemaName(schema);
    }

    /** Runs the pending migrations; returns the names of those it ran. */
    public List<String> apply() {
        List<String> ran = new ArrayList<>();
        try (Connection c = postgres.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                s.execute(
                        "CREATE TABLE IF NOT EXISTS " + schema + ".somactl_migrations (version integer PRIMARY KEY,"
                                + " name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            }
            c.commit();
            Map<Integer, String[]> applied = applied(c);
            for (Migration m : shipped()) {
                String[] row = applied.get(m.version());
                if (row != null) {
                    if (!row[1].equals(m.checksum())) {
                        throw new SomactlException(
                                "PostgreSQL migration " + m.name() + " was changed after it ran in schema " + schema
                                        + " (checksum differs); restore the file or rebuild the schema");
                    }
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(hashtext(" + quote(schema + ".migrations") + "))");
                    s.execute(m.sql().replace("${schema}", schema));
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO " + schema
                                + ".somactl_migrations (version, name, checksum) VALUES (?, ?, ?) ON CONFLICT (version) DO NOTHING")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.name());
                    p.setString(3, m.checksum());
                    p.executeUpdate();
                }
                c.commit();
                ran.add(m.name());
            }
        } catch (SQLException e) {
            throw postgres.failure("applying migrations", e);
        }
        return ran;
    }

    /** Each shipped migration's state in the database. */
    public List<Status> status() {
        List<Status> out = new ArrayList<>();
        try (Connection c = postgres.connect()) {
            Map<Integer, String[]> applied;
            try {
                applied = applied(c);
            } catch (SQLException e) {
                c.rollback();
                applied = Map.of(); // no schema or table yet: everything pending
            }
            for (Migration m : shipped()) {
                String[] row = applied.get(m.version());
                out.add(new Status(
                        m.version(),
                        m.name(),
                        row == null ? "pending" : row[1].equals(m.checksum()) ? "applied" : "changed",
                        row == null ? "" : row[2]));
            }
        } catch (SQLException e) {
            throw postgres.failure("reading migrations", e);
        }
        return out;
    }

    private Map<Integer, String[]> applied(Connection c) throws SQLException {
        Map<Integer, String[]> applied = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT version, name, checksum, applied_at FROM " + schema
                        + ".somactl_migrations ORDER BY version")) {
            while (r.next()) {
                applied.put(r.getInt(1), new String[] {
                    r.getString(2),
                    r.getString(3),
                    r.getTimestamp(4)
                            .toInstant()
                            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            .toString()
                });
            }
        }
        return applied;
    }

    private static List<Migration> shipped() {
        List<Migration> list = new ArrayList<>();
        for (String line : read(ROOT + "index.txt").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            String sql = read(ROOT + name);
            list.add(new Migration(Integer.parseInt(name.substring(1, name.indexOf("__"))), name, sql, sha256(sql)));
        }
        return list;
    }

    private static String read(String resource) {
        try (InputStream in = PostgresMigrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
