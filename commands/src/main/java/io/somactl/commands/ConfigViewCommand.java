package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.config.ResolvedSetting;
import io.somactl.core.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "view", description = "Show every setting in force, where it came from; secrets are never shown.")
public final class ConfigViewCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        Settings settings = settings();
        Table table = Table.withColumns("key", "value", "source");
        for (ResolvedSetting setting : settings.values().values()) {
            table.row(setting.key().key(), setting.printable(), setting.source().label());
        }
        err().println("context: " + settings.context() + " (config file: " + connection.configFile() + ")");
        err().flush();
        output.render(table, out());
        return ExitCode.OK;
    }
}
