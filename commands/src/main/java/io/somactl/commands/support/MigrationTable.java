package io.somactl.commands.support;

import io.somactl.core.schema.MigrationStatus;
import io.somactl.core.sessions.PostgresMigrations;
import java.util.List;
import java.util.Locale;

/** {@code schema status} and {@code schema apply} show migrations the same way. */
public final class MigrationTable {
    private MigrationTable() {}

    public static Table of(List<MigrationStatus> statuses) {
        return of(statuses, List.of());
    }

    /**
     * ClickHouse's migrations, then PostgreSQL's ({@code sql/postgres}, when {@code postgres.url} is set), in one
     * table whose {@code store} column says which, so {@code -o json} stays one array.
     */
    public static Table of(List<MigrationStatus> clickHouse, List<PostgresMigrations.Status> postgres) {
        Table table = Table.withColumns("version", "name", "state", "applied_at", "store");
        clickHouse.forEach(s -> table.row(
                String.format("V%03d", s.version()),
                s.name(),
                Cell.state(
                        s.state().name().toLowerCase(Locale.ROOT),
                        s.state().isClean() ? Cell.Tone.GOOD : Cell.Tone.WARNING),
                s.appliedAt(),
                "clickhouse"));
        postgres.forEach(s -> table.row(
                String.format("V%03d", s.version()),
                s.name(),
                Cell.state(s.state(), s.applied() ? Cell.Tone.GOOD : Cell.Tone.WARNING),
                s.appliedAt(),
                "postgresql"));
        return table;
    }

    public static boolean clean(List<MigrationStatus> statuses) {
        return statuses.stream().allMatch(s -> s.state().isClean());
    }
}
