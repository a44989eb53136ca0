package io.somactl.commands.support;

import picocli.CommandLine.Option;

/** {@code -o table|json|csv|yaml}. */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private OutputFormat format = OutputFormat.table;

    public OutputFormat format() {
        return format;
    }
}
