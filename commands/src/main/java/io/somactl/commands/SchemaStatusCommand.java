package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.MigrationTable;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.SchemaOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.config.Settings;
import io.somactl.core.schema.ClusterSchemaStatus;
import io.somactl.core.schema.MigrationStatus;
import io.somactl.core.sessions.PostgresMigrations;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "status",
        description = "List migrations and whether each is applied (with --cluster, and whether every node holds"
                + " the tables; with postgres.url set, then the PostgreSQL ones); exit 1 unless all are.")
public final class SchemaStatusCommand extends ServerCommand {
    @Mixin
    private SchemaOptions schema;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        Settings settings = settings();
        List<MigrationStatus> statuses = schema.runner(services()).status();
        List<PostgresMigrations.Status> postgres =
                settings.postgres().isPresent() // in the schema named like the database
                        ? new PostgresMigrations(
                                        services().sessionStore().postgres(),
                                        settings.clickHouse().database())
                                .status()
                        : List.of();
        output.render(MigrationTable.of(statuses, postgres), out());
        boolean clean =
                MigrationTable.clean(statuses) && postgres.stream().allMatch(PostgresMigrations.Status::applied);
        String cluster = schema.cluster(settings);
        if (!cluster.isEmpty()) { // then every node: does it hold the tables the migrations made?
            List<ClusterSchemaStatus.Node> nodes = ClusterSchemaStatus.of(
                    services().clickHouseIn("default"),
                    cluster,
                    settings.clickHouse().database());
            Table table = Table.withColumns("shard", "replica", "node", "tables", "state");
            nodes.forEach(n -> table.row(
                    String.valueOf(n.shard()),
                    String.valueOf(n.replica()),
                    n.address(),
                    String.valueOf(n.tables()),
                    n.ok() ? "ok" : n.problem()));
            out().println();
            output.render(table, out());
            clean &= nodes.stream().allMatch(ClusterSchemaStatus.Node::ok);
        }
        return clean ? ExitCode.OK : ExitCode.FAILURE;
    }
}
