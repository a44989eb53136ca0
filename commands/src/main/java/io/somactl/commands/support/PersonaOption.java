package io.somactl.commands.support;

import picocli.CommandLine.Option;

/** {@code --persona PERSONA}, the same everywhere: narrows a tenant to one of its personas. */
public final class PersonaOption {
    @Option(
            names = "--persona",
            paramLabel = "PERSONA",
            description =
                    "A persona of the tenant: only its figures and budgets (and the tenant's own, which apply to it too).")
    private String persona;

    /** The persona given, or null. */
    public String value() {
        return persona;
    }
}
