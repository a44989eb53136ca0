package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.config.ConfigException;
import io.somactl.core.config.ConfigFile;
import io.somactl.core.config.ConfigLocation;
import io.somactl.core.config.SecretsFile;
import io.somactl.core.text.Printable;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "delete-context", description = "Remove a context and its secrets.")
public final class ConfigDeleteContextCommand extends ServerCommand {
    @Parameters(paramLabel = "NAME")
    private String name;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        ConfigFile config = ConfigFile.load(connection.configFile());
        if (!config.hasContext(name)) {
            throw new ConfigException("no context named " + Printable.quote(name) + " in " + config.path());
        }
        config.withoutContext(name).save();
        SecretsFile secrets = SecretsFile.load(ConfigLocation.secretsFileBeside(connection.configFile()));
        if (!secrets.forContext(name).isEmpty()) {
            secrets.withContext(name, Map.of()).save();
        }
        if (output.forPeople()) {
            out().println("Deleted context \"" + name + "\".");
        } else {
            output.render(Table.withColumns("context", "change").row(name, "deleted"), out());
        }
        return ExitCode.OK;
    }
}
