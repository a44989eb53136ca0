package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.serve.ApiTokens;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "list",
        description = "The server's tokens: id, scope (a tenant, or * for admin) and the start of the stored hash.")
public final class ServeTokenListCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        ApiTokens tokens =
                new ServeTokenStore(connection.configFile(), settings().context()).load();
        Table table = Table.withColumns("id", "scope", "sha256_prefix");
        for (ApiTokens.Grant grant : tokens.grants()) {
            table.row(
                    grant.id(),
                    grant.scope(),
                    HexFormat.of().formatHex(grant.sha256()).substring(0, 12));
        }
        output.render(table, out());
        return ExitCode.OK;
    }
}
