package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.StopSignals;
import io.somactl.core.config.SettingKey;
import io.somactl.core.config.Settings;
import io.somactl.core.serve.ApiServer;
import io.somactl.core.serve.ApiTokens;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "serve",
        description = {
            "An HTTP server for the budget decision and the read views, one process over one set of connections:",
            "POST /v1/budget/check and /v1/budget/release, GET /v1/telemetry/tokens, /v1/budget/summary, /v1/models/ranking,",
            "/v1/sessions and /v1/sessions/{id} (PostgreSQL)",
            "(the JSON of the matching command's -o json), GET /healthz and /metrics (Prometheus). Every /v1/ request needs",
            "a bearer token (somactl serve token create). Listens on serve.listen (default 127.0.0.1:8787, loopback only).",
            "SIGTERM or Ctrl-C: stop accepting, finish the requests in progress (--drain), close the connections, exit 0.",
            "See docs/serve.md."
        },
        subcommands = ServeTokenCommand.class)
public final class ServeCommand extends ServerCommand {
    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            description = "Address to listen on (default: serve.listen; port 0: any free one).")
    private String listen;

    @Option(
            names = "--max-body",
            paramLabel = "BYTES",
            defaultValue = "16384",
            description = "Largest request body accepted; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    private int maxBody;

    @Option(
            names = "--drain",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description = "On SIGTERM, how long requests in progress may take to finish (default: ${DEFAULT-VALUE}).")
    private String drain;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = settings();
        String address = listen != null ? listen : settings.get(SettingKey.SERVE_LISTEN);
        int colon = address.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (colon < 1 || port < 0 || port > 65_535) {
            throw new ParameterException(
                    spec.commandLine(), "--listen: '" + address + "' is not HOST:PORT (e.g. 127.0.0.1:8787)");
        }
        if (maxBody < 64) {
            throw new ParameterException(spec.commandLine(), "--max-body must be at least 64 bytes");
        }
        Duration drainFor = Settings.parseDuration("--drain", drain);
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        ApiTokens tokens = ApiTokens.parse(settings.get(SettingKey.SERVE_TOKENS));
        if (tokens.grants().isEmpty()) {
            warn("no tokens in context " + settings.context() + ": every /v1/ request will get 401;"
                    + " create one with: somactl serve token create --tenant TENANT");
        }
        ApiServer server = ApiServer.start(
                new ApiServer.Options(host, port, maxBody, settings.budgetFailOpen()),
                services(),
                tokens,
                new ServeJson(),
                this::warn);
        if (!server.address().getAddress().isLoopbackAddress()) {
            warn("listening beyond this host (" + hostPort(server)
                    + ") without TLS: put a TLS-terminating proxy in front");
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (StopSignals signals = StopSignals.install(stop::countDown)) {
            err().println("listening on http://" + hostPort(server) + " (context " + settings.context() + ", "
                    + tokens.grants().size() + " token(s)); SIGTERM or Ctrl-C stops");
            err().flush();
            stop.await();
            err().println("stopping: finishing requests in progress (up to " + drain + ")");
            err().flush();
        } finally {
            server.stop(drainFor);
        }
        err().println("stopped");
        err().flush();
        return ExitCode.OK;
    }

    private static String hostPort(ApiServer server) {
        String host = server.address().getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
                + server.address().getPort();
    }
}
