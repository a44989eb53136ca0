package io.somactl.commands;

import io.somactl.commands.support.CallTables;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.TableRenderer;
import io.somactl.core.calls.CallSummaries;
import io.somactl.core.calls.CallSummary;
import io.somactl.core.text.Printable;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "One voice call: its summary (as in 'calls list', with min/max) and its turns.")
public final class CallsShowCommand extends ServerCommand {
    @Parameters(paramLabel = "CALL_ID", description = "The call id (LiveKit room or SIP call id).")
    private String callId;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        CallSummaries calls = services().calls();
        CallSummary summary = calls.show(callId).orElse(null);
        if (summary == null) {
            err().println("error: no voice call " + Printable.quote(callId)
                    + " in conversation_metrics; 'somactl calls list' shows recent ones");
            err().flush();
            return ExitCode.FAILURE;
        }
        if (output.format() == OutputFormat.table) {
            TableRenderer.render(CallTables.details(summary), OutputFormat.table, out());
            out().println();
            TableRenderer.render(CallTables.turns(calls.turns(callId)), OutputFormat.table, out());
        } else {
            output.render(CallTables.list(List.of(summary), output.format()), out());
        }
        out().flush();
        return ExitCode.OK;
    }
}
