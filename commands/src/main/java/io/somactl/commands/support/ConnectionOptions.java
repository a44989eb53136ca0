package io.somactl.commands.support;

import io.somactl.core.config.ConfigFile;
import io.somactl.core.config.ConfigLocation;
import io.somactl.core.config.SecretsFile;
import io.somactl.core.config.SettingKey;
import io.somactl.core.config.Settings;
import io.somactl.core.config.SettingsResolver;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which servers a command talks to: the config file, the context, and per-server overrides.
 * Resolution order (see {@link SettingsResolver}): flag, SOMACTL_* variable, context, built-in default.
 */
public final class ConnectionOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Config file (default: $XDG_CONFIG_HOME/somactl/config.yaml).")
    private Path configFile;

    @Option(names = "--context", paramLabel = "NAME", description = "Context to use instead of the current one.")
    private String context;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    private String bootstrapServer;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            description = "Prefix of the telemetry topics' Kafka names (e.g. staging.).")
    private String topicPrefix;

    @Option(names = "--clickhouse-url", paramLabel = "URL", description = "ClickHouse HTTP(S) URL.")
    private String clickHouseUrl;

    @Option(names = "--database", paramLabel = "NAME", description = "ClickHouse database.")
    private String database;

    @Option(names = "--redis-uri", paramLabel = "URI", description = "Redis URI (redis://host:port).")
    private String redisUri;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "How long to wait for a server (e.g. 5s, 500ms).")
    private String timeout;

    private Settings resolved;

    /** The settings in force, resolved once per run. */
    public Settings settings() {
        if (resolved == null) {
            Invocation invocation = invocation();
            Map<String, String> environment = invocation.environment();
            Path file = configFile();
            SettingsResolver resolver = new SettingsResolver(
                    ConfigFile.load(file), SecretsFile.load(ConfigLocation.secretsFileBeside(file)), environment);
            resolved = resolver.resolve(context, invocation.sessionContext().orElse(null), flags());
        }
        return resolved;
    }

    public Path configFile() {
        return configFile != null
                ? configFile
                : ConfigLocation.defaultConfigFile(invocation().environment());
    }

    public Invocation invocation() {
        Object root = mixee.root().userObject();
        if (root instanceof Invocation.Holder holder) {
            return holder.invocation();
        }
        return new Invocation(System.getenv());
    }

    private Map<SettingKey, String> flags() {
        Map<SettingKey, String> flags = new EnumMap<>(SettingKey.class);
        putIfSet(flags, SettingKey.KAFKA_BOOTSTRAP_SERVER, bootstrapServer);
        putIfSet(flags, SettingKey.KAFKA_TOPIC_PREFIX, topicPrefix);
        putIfSet(flags, SettingKey.CLICKHOUSE_URL, clickHouseUrl);
        putIfSet(flags, SettingKey.CLICKHOUSE_DATABASE, database);
        putIfSet(flags, SettingKey.REDIS_URI, redisUri);
        putIfSet(flags, SettingKey.TIMEOUT, timeout);
        return flags;
    }

    private static void putIfSet(Map<SettingKey, String> flags, SettingKey key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
