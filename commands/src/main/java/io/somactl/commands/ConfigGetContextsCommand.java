package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.config.ConfigFile;
import io.somactl.core.config.SettingKey;
import io.somactl.core.config.SettingsResolver;
import io.somactl.core.text.Redaction;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "get-contexts", description = "List the contexts; * marks the one in force.")
public final class ConfigGetContextsCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        ConfigFile config = ConfigFile.load(connection.configFile());
        String current = settings().context();
        Table table = Table.withColumns("current", "name", "kafka", "clickhouse", "redis");
        if (!config.hasContext(SettingsResolver.LOCAL)) {
            table.row(
                    current.equals(SettingsResolver.LOCAL) ? "*" : "",
                    SettingsResolver.LOCAL + " (built-in)",
                    SettingKey.KAFKA_BOOTSTRAP_SERVER.defaultValue(),
                    SettingKey.CLICKHOUSE_URL.defaultValue(),
                    SettingKey.REDIS_URI.defaultValue());
        }
        config.contexts()
                .forEach((name, values) -> table.row(
                        name.equals(current) ? "*" : "",
                        name,
                        valueOrDefault(values, SettingKey.KAFKA_BOOTSTRAP_SERVER),
                        valueOrDefault(values, SettingKey.CLICKHOUSE_URL),
                        valueOrDefault(values, SettingKey.REDIS_URI)));
        output.render(table, out());
        return ExitCode.OK;
    }

    private static String valueOrDefault(Map<String, String> values, SettingKey key) {
        return Redaction.redact(values.getOrDefault(key.key(), key.defaultValue()));
    }
}
