package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.MigrationTable;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.SchemaOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.core.schema.MigrationStatus;
import io.somactl.core.sessions.Postgres;
import io.somactl.core.sessions.PostgresMigrations;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "apply",
        description =
                "Create the database and run pending migrations (safe to run again); with postgres.url set, also the PostgreSQL ones (sql/postgres).")
public final class SchemaApplyCommand extends ServerCommand {
    @Mixin
    private SchemaOptions schema;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        List<MigrationStatus> statuses = schema.runner(services())
                .apply(settings().actor(), migration -> {
                    err().println("applying " + migration.fileName());
                    err().flush();
                });
        settings().postgres().ifPresent(p -> {
            for (String ran : new PostgresMigrations(
                            new Postgres(p), settings().clickHouse().database())
                    .apply()) {
                err().println("applying PostgreSQL " + ran);
            }
            err().flush();
        });
        output.render(MigrationTable.of(statuses), out());
        return MigrationTable.clean(statuses) ? ExitCode.OK : ExitCode.FAILURE;
    }
}
