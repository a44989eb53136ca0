package io.somactl.commands.support;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code -o table|json|csv|yaml}, and the one way a command prints its rows in that format. */
public final class OutputOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private OutputFormat format = OutputFormat.table;

    public OutputFormat format() {
        return format;
    }

    /** True for the table a person reads; false for JSON, YAML and CSV, which scripts read. */
    public boolean forPeople() {
        return format == OutputFormat.table;
    }

    /** Renders {@code table} in the chosen format, coloured only where {@link Colours#enabled} allows. */
    public void render(Table table, PrintWriter out) {
        TableRenderer.render(table, format, out, format == OutputFormat.table && colours());
    }

    private boolean colours() {
        return Colours.enabled(Terminals.environment(mixee), Terminals.interactive());
    }
}
