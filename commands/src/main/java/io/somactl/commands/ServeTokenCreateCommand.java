package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TenantName;
import io.somactl.core.serve.ApiTokens;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "create",
        description = {
            "A new bearer token for somactl serve, printed once: only its SHA-256 is stored (serve.tokens in the",
            "context's secrets.yaml, mode 600). --tenant T: reads and checks tenant T only; --admin: every tenant.",
            "A running server reads its tokens when it starts."
        })
public final class ServeTokenCreateCommand extends ServerCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    private Scope scope;

    static final class Scope {
        @Option(
                names = "--tenant",
                converter = TenantName.class,
                paramLabel = "TENANT",
                description = "The one tenant the token may act for.")
        String tenant;

        @Option(names = "--admin", description = "A token for every tenant (and the whole summary).")
        boolean admin;
    }

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        ServeTokenStore store =
                new ServeTokenStore(connection.configFile(), settings().context());
        ApiTokens tokens = store.load();
        ApiTokens.Created created = tokens.create(scope.admin ? null : scope.tenant);
        store.save(tokens.with(created.grant()));
        if (output.forPeople()) {
            out().println(created.token()); // the token alone, so TOKEN=$(somactl serve token create ...) works
            out().flush();
        } else {
            // Fields: docs/output.md (serve token create); scope as serve token list shows it
            output.render(
                    Table.withColumns("id", "scope", "token")
                            .row(created.grant().id(), created.grant().scope(), created.token()),
                    out());
        }
        err().println("token " + created.grant().id() + " for "
                + (scope.admin ? "every tenant (admin)" : "tenant " + scope.tenant)
                + " stored as its SHA-256 in " + store.path() + " (context "
                + settings().context()
                + "); it is shown only now. Restart somactl serve to use it.");
        err().flush();
        return ExitCode.OK;
    }
}
