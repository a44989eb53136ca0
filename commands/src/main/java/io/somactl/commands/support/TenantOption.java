package io.somactl.commands.support;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --tenant TENANT}, the same everywhere: a name the event contract allows ({@link TenantName}),
 * checked while the command line is read. A command that needs one asks {@link #required()}.
 */
public final class TenantOption {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(
            names = "--tenant",
            converter = TenantName.class,
            paramLabel = "TENANT",
            description =
                    "The tenant (1-64 letters, digits, '.', '_', '-'); where a command does not need one, leaving it out means every tenant.")
    private String tenant;

    /** The tenant given, or null. */
    public String value() {
        return tenant;
    }

    /** The tenant given; a usage error (exit 2) when it is missing. */
    public String required() {
        if (tenant == null) {
            throw new ParameterException(mixee.commandLine(), "Missing required option: '--tenant=TENANT'");
        }
        return tenant;
    }
}
