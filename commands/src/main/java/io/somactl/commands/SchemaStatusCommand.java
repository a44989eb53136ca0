package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.MigrationTable;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.SchemaOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.TableRenderer;
import io.somactl.core.schema.MigrationStatus;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "List migrations and whether each is applied; exit 1 unless all are.")
public final class SchemaStatusCommand extends ServerCommand {
    @Mixin
    private SchemaOptions schema;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        List<MigrationStatus> statuses = schema.runner(settings()).status();
        TableRenderer.render(MigrationTable.of(statuses), output.format(), out());
        return MigrationTable.clean(statuses) ? ExitCode.OK : ExitCode.FAILURE;
    }
}
