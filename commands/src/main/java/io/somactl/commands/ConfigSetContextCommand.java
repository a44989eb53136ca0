package io.somactl.commands;

import io.somactl.commands.support.Cell;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.config.ConfigException;
import io.somactl.core.config.ConfigFile;
import io.somactl.core.config.ConfigLocation;
import io.somactl.core.config.SecretsFile;
import io.somactl.core.config.SettingKey;
import io.somactl.core.text.Redaction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "set-context",
        description = {
            "Create or change a context. Secret keys (clickhouse.password, redis.password, postgres.password) go to secrets.yaml, mode 600.",
            "Keys: clickhouse.url, clickhouse.user, clickhouse.database, clickhouse.cluster, kafka.bootstrap-server,",
            "redis.uri, redis.key-prefix, postgres.url, postgres.user, timeout, actor, clickhouse.password, redis.password,",
            "postgres.password."
        })
public final class ConfigSetContextCommand extends ServerCommand {
    @Parameters(paramLabel = "NAME", description = "The context to create or change.")
    private String name;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting; repeat for more.")
    private Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--unset", paramLabel = "KEY", description = "Remove a setting; repeat for more.")
    private List<String> unset = List.of();

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        ConfigFile config = ConfigFile.load(connection.configFile());
        SecretsFile secrets = SecretsFile.load(ConfigLocation.secretsFileBeside(connection.configFile()));
        Map<String, String> plain = new TreeMap<>(config.contexts().getOrDefault(name, Map.of()));
        Map<String, String> secret = new TreeMap<>(secrets.forContext(name));
        set.forEach((key, value) -> (known(key).isSecret() ? secret : plain).put(key, value));
        set.forEach((key, value) -> {
            if (!known(key).isSecret() && !Redaction.redact(value).equals(value)) {
                warn(key + " holds a password, which config.yaml keeps in clear text; put it in "
                        + (key.startsWith("redis")
                                ? "redis.password"
                                : key.startsWith("clickhouse")
                                        ? "clickhouse.password"
                                        : key.startsWith("postgres") ? "postgres.password" : "a --command-config file")
                        + " instead (kept in secrets.yaml, mode 600)");
            }
        });
        unset.forEach(key -> (known(key).isSecret() ? secret : plain).remove(key));
        config.withContext(name, plain).save();
        if (!secret.equals(secrets.forContext(name))) {
            secrets.withContext(name, secret).save();
        }
        if (output.forPeople()) {
            out().println((config.hasContext(name) ? "Changed" : "Created") + " context \"" + name + "\".");
        } else {
            // keys only: a value may be a secret
            output.render(
                    Table.withColumns("context", "change", "set", "unset")
                            .row(
                                    name,
                                    config.hasContext(name) ? "changed" : "created",
                                    keys(List.copyOf(set.keySet())),
                                    keys(unset)),
                    out());
        }
        return ExitCode.OK;
    }

    private static Cell keys(List<String> keys) {
        return Cell.of(String.join(",", keys), keys, String.join(",", keys), Cell.Tone.PLAIN);
    }

    private static SettingKey known(String key) {
        return SettingKey.byKey(key)
                .orElseThrow(() -> new ConfigException(io.somactl.core.text.StrictYaml.unknownKey(
                                key,
                                java.util.Arrays.stream(SettingKey.values())
                                        .map(SettingKey::key)
                                        .toList())
                        .orElseThrow()));
    }
}
