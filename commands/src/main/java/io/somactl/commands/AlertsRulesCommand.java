package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.SomactlCommand;
import io.somactl.core.alerts.PrometheusRules;
import io.somactl.core.config.Settings;
import io.somactl.core.files.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "rules",
        description = {
            "Print (or --out) the Prometheus alerting and recording rules for the ingest worker: TelemetryWorkerDown, lag,",
            "dead-letter rate, no insert while behind, unhealthy worker, spend rate per tenant. The checked-in copy is",
            "infra/observability/alerts.yml (somactl alerts rules --out infra/observability/alerts.yml); stack/up loads it."
        })
public final class AlertsRulesCommand extends SomactlCommand {
    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write the rules to FILE (atomically) instead of stdout.")
    private Path out;

    @Option(
            names = "--worker-down-for",
            paramLabel = "DURATION",
            defaultValue = "1m",
            description = "The for: of TelemetryWorkerDown (default: ${DEFAULT-VALUE}; shorter only for tests).")
    private String workerDownFor;

    @Override
    public Integer call() {
        String rules = PrometheusRules.render(PrometheusRules.Options.defaults()
                .withWorkerDownFor(Settings.parseDuration("--worker-down-for", workerDownFor)));
        if (out == null) {
            out().print(rules);
            out().flush();
            return ExitCode.OK;
        }
        try {
            AtomicFile.write(out, rules.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return ExitCode.OK;
    }
}
