package io.somactl.commands.support;

/** The formats of {@code -o}: a person reads {@code table}; scripts read the others. */
public enum OutputFormat {
    table,
    json,
    csv,
    yaml
}
