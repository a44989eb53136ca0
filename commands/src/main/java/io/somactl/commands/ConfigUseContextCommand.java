package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.config.ConfigException;
import io.somactl.core.config.ConfigFile;
import io.somactl.core.config.SettingsResolver;
import io.somactl.core.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "use-context", description = "Make NAME the current context in the config file.")
public final class ConfigUseContextCommand extends ServerCommand {
    @Parameters(paramLabel = "NAME", description = "A context from config get-contexts.")
    private String name;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        ConfigFile config = ConfigFile.load(connection.configFile());
        if (!config.hasContext(name) && !SettingsResolver.LOCAL.equals(name)) {
            throw new ConfigException("no context named " + Printable.quote(name) + " in " + config.path()
                    + "; create it with: somactl config set-context "
                    + (name.matches("[A-Za-z0-9._-]{1,64}") ? name : "NAME") + " --set KEY=VALUE");
        }
        config.withCurrentContext(name).save();
        if (output.forPeople()) {
            out().println("Switched to context \"" + name + "\".");
        } else {
            output.render(Table.withColumns("context", "change").row(name, "switched"), out());
        }
        return ExitCode.OK;
    }
}
