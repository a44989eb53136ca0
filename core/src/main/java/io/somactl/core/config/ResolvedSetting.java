package io.somactl.core.config;

/** One setting's value and where it came from. */
public record ResolvedSetting(SettingKey key, String value, SettingSource source) {
    /** The value as {@code config view} may print it: secrets never appear, nor a password inside an address. */
    public String printable() {
        if (!key.isSecret()) {
            return io.somactl.core.text.Redaction.redact(value);
        }
        return value.isEmpty() ? "" : "<redacted>";
    }
}
