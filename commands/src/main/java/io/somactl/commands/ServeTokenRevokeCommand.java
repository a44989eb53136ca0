package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.ServerCommand;
import io.somactl.core.SomactlException;
import io.somactl.core.serve.ApiTokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "revoke",
        description =
                "Removes a token (by the id serve token list shows); a running server stops accepting it when restarted.")
public final class ServeTokenRevokeCommand extends ServerCommand {
    @Parameters(paramLabel = "ID", description = "The token's id (t1, t2, …).")
    private String id;

    @Override
    public Integer call() {
        ServeTokenStore store =
                new ServeTokenStore(connection.configFile(), settings().context());
        ApiTokens fewer = store.load()
                .without(id)
                .orElseThrow(() -> new SomactlException(
                        "no token " + id + " in context " + settings().context() + " (see somactl serve token list)"));
        store.save(fewer);
        out().println("revoked " + id);
        out().flush();
        return ExitCode.OK;
    }
}
