package io.somactl.core.schema;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.ClickHouseException;
import io.somactl.core.clickhouse.Sql;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Applies the bundled migrations in order and records each in {@code somactl_migrations}.
 * Every statement is idempotent ({@code IF NOT EXISTS}, or an {@code ADD COLUMN} whose column exists),
 * so a run cut short is simply run again.
 */
public final class MigrationRunner {
    static final String RECORD_TABLE = "somactl_migrations";

    private final ClickHouse clickHouse;
    private final DdlRenderer renderer;
    private final List<Migration> migrations;

    public MigrationRunner(ClickHouse clickHouse, DdlRenderer renderer, List<Migration> migrations) {
        this.clickHouse = clickHouse;
        this.renderer = renderer;
        this.migrations = List.copyOf(migrations);
    }

    /** Runs what is pending; {@code progress} hears about each migration as it starts. */
    public List<MigrationStatus> apply(String appliedBy, Consumer<Migration> progress) {
        ClickHouse ddl = DdlCompatibility.forDdl(clickHouse);
        prepare();
        Map<Integer, Recorded> recorded = recorded();
        for (Migration migration : migrations) {
            Recorded done = recorded.get(migration.version());
            if (done != null) {
                if (!done.checksum().equals(migration.checksum())) {
                    throw new MigrationChangedException(migration);
                }
                continue;
            }
            progress.accept(migration);
            for (String statement : renderer.statements(migration.text())) {
                execute(ddl, statement);
            }
            record(migration, appliedBy);
        }
        return status();
    }

    /**
     * Runs one statement. 18.16 has no {@code ADD COLUMN IF NOT EXISTS}, so an {@code ADD COLUMN}
     * that finds its column there (a run cut short after it) counts as done, as IF NOT EXISTS would.
     */
    private static void execute(ClickHouse ddl, String statement) {
        try {
            ddl.execute(statement);
        } catch (ClickHouseException e) {
            boolean addsColumn = statement.matches("(?is)\\s*ALTER\\s+TABLE\\s.*\\sADD\\s+COLUMN\\s.*");
            if (!addsColumn || !e.getMessage().contains("column with this name already exists")) {
                throw e;
            }
        }
    }

    public List<MigrationStatus> status() {
        Map<Integer, Recorded> recorded = databaseExists() && recordTableExists() ? recorded() : new LinkedHashMap<>();
        List<MigrationStatus> rows = new ArrayList<>();
        for (Migration migration : migrations) {
            Recorded done = recorded.remove(migration.version());
            if (done == null) {
                rows.add(new MigrationStatus(migration.version(), migration.name(), MigrationState.PENDING, ""));
            } else {
                MigrationState state =
                        done.checksum().equals(migration.checksum()) ? MigrationState.APPLIED : MigrationState.CHANGED;
                rows.add(new MigrationStatus(migration.version(), migration.name(), state, done.appliedAt()));
            }
        }
        recorded.values()
                .forEach(r ->
                        rows.add(new MigrationStatus(r.version(), r.name(), MigrationState.UNKNOWN, r.appliedAt())));
        rows.sort(Comparator.comparingInt(MigrationStatus::version));
        return rows;
    }

    private void prepare() {
        renderer.render("CREATE DATABASE IF NOT EXISTS ${database} ${on_cluster}")
                .forEach(clickHouse::execute);
        renderer.render("CREATE TABLE IF NOT EXISTS ${database}." + RECORD_TABLE + " ${on_cluster} ("
                        + "version UInt32, name String, checksum String, applied_at DateTime, applied_by String"
                        + ") ENGINE = MergeTree ORDER BY version")
                .forEach(clickHouse::execute);
    }

    private boolean databaseExists() {
        return "1"
                .equals(clickHouse.selectValue(
                        "SELECT count() FROM system.databases WHERE name = " + Sql.quote(renderer.database())));
    }

    private boolean recordTableExists() {
        return "1"
                .equals(clickHouse.selectValue("SELECT count() FROM system.tables WHERE database = "
                        + Sql.quote(renderer.database()) + " AND name = " + Sql.quote(RECORD_TABLE)));
    }

    private Map<Integer, Recorded> recorded() {
        // Two overlapping runs may record a migration twice; the first record is the one that counts.
        String sql = "SELECT version, any(name), any(checksum), toString(min(applied_at)) FROM "
                + Sql.table(renderer.database(), RECORD_TABLE) + " GROUP BY version ORDER BY version";
        Map<Integer, Recorded> recorded = new LinkedHashMap<>();
        for (List<String> row : clickHouse.select(sql)) {
            int version = Integer.parseInt(row.get(0));
            recorded.put(version, new Recorded(version, row.get(1), row.get(2), row.get(3)));
        }
        return recorded;
    }

    private void record(Migration migration, String appliedBy) {
        clickHouse.execute("INSERT INTO " + Sql.table(renderer.database(), RECORD_TABLE)
                + " (version, name, checksum, applied_at, applied_by) VALUES ("
                + migration.version() + ", " + Sql.quote(migration.name()) + ", " + Sql.quote(migration.checksum())
                + ", now(), " + Sql.quote(appliedBy) + ")");
    }

    private record Recorded(int version, String name, String checksum, String appliedAt) {}
}
