package io.somactl.commands;

import io.somactl.commands.support.CallTables;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.TenantsOption;
import io.somactl.commands.support.TimeRangeOptions;
import io.somactl.core.calls.CallFilter;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "list",
        description = "Voice calls that started in the period (default: the last 24 hours), newest first.")
public final class CallsListCommand extends ServerCommand {
    @Mixin
    private TimeRangeOptions time;

    @Mixin
    private OutputOptions output;

    @Mixin
    private TenantsOption tenantsOption;

    @Option(
            names = "--outcome",
            paramLabel = "OUTCOME",
            description = "Only calls that ended so: success, fail, voicemail, no_answer, busy.")
    private String outcome;

    @Option(
            names = "--limit",
            defaultValue = "100",
            description = "At most this many calls (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Override
    public Integer call() {
        CallFilter filter;
        try {
            filter = new CallFilter(
                    time.range(Duration.ofHours(24), Clock.systemUTC()), tenantsOption.values(), outcome, limit);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        var calls = services().calls().list(filter);
        output.render(CallTables.list(calls, output.format()), out());
        return ExitCode.OK;
    }
}
