package io.somactl.core.config;

/** Where a resolved setting came from, highest precedence first. */
public enum SettingSource {
    FLAG,
    ENVIRONMENT,
    CONTEXT,
    SECRETS_FILE,
    DEFAULT;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
