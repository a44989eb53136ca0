package io.somactl.core.config;

import java.nio.file.Path;
import java.util.Map;

/** Where somactl keeps its files: config under XDG_CONFIG_HOME, state (history, logs) under XDG_STATE_HOME. */
public final class ConfigLocation {
    private ConfigLocation() {}

    public static Path defaultConfigFile(Map<String, String> environment) {
        return configDirectory(environment).resolve("config.yaml");
    }

    public static Path secretsFileBeside(Path configFile) {
        Path parent = configFile.toAbsolutePath().getParent();
        return parent.resolve("secrets.yaml");
    }

    public static Path stateDirectory(Map<String, String> environment) {
        return base(environment, "XDG_STATE_HOME", ".local/state").resolve("somactl");
    }

    private static Path configDirectory(Map<String, String> environment) {
        return base(environment, "XDG_CONFIG_HOME", ".config").resolve("somactl");
    }

    private static Path base(Map<String, String> environment, String variable, String fallbackUnderHome) {
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
            return Path.of(value);
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home).resolve(fallbackUnderHome);
    }
}
