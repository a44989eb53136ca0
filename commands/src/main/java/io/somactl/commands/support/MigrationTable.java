package io.somactl.commands.support;

import io.somactl.core.schema.MigrationStatus;
import io.somactl.core.sessions.PostgresMigrations;
import java.util.List;
import java.util.Locale;

/** {@code schema status} and {@code schema apply} show migrations the same way. */
public final class MigrationTable {
    private MigrationTable() {}

    public static Table of(List<MigrationStatus> statuses) {
        Table table = Table.withColumns("version", "name", "state", "applied_at");
        statuses.forEach(s -> table.row(
                String.format("V%03d", s.version()),
                s.name(),
                Cell.state(
                        s.state().name().toLowerCase(Locale.ROOT),
                        s.state().isClean() ? Cell.Tone.GOOD : Cell.Tone.WARNING),
                s.appliedAt()));
        return table;
    }

    /** The PostgreSQL migrations ({@code sql/postgres}), in the same columns. */
    public static Table ofPostgres(List<PostgresMigrations.Status> statuses) {
        Table table = Table.withColumns("version", "name", "state", "applied_at");
        statuses.forEach(s -> table.row(
                String.format("V%03d", s.version()),
                s.name(),
                Cell.state(s.state(), s.applied() ? Cell.Tone.GOOD : Cell.Tone.WARNING),
                s.appliedAt()));
        return table;
    }

    public static boolean clean(List<MigrationStatus> statuses) {
        return statuses.stream().allMatch(s -> s.state().isClean());
    }
}
