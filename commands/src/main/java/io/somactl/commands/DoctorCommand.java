package io.somactl.commands;

import io.somactl.commands.support.Cell;
import io.somactl.commands.support.Durations;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.KafkaClientOptions;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.config.Settings;
import io.somactl.core.doctor.ClickHouseClusterChecks;
import io.somactl.core.doctor.ClickHouseHealthCheck;
import io.somactl.core.doctor.HealthCheck;
import io.somactl.core.doctor.HealthReport;
import io.somactl.core.doctor.HttpApiHealthCheck;
import io.somactl.core.doctor.KafkaHealthCheck;
import io.somactl.core.doctor.PostgresHealthCheck;
import io.somactl.core.doctor.RedisHealthCheck;
import io.somactl.core.doctor.StackDoctor;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "doctor",
        description = {
            "Check that Kafka, ClickHouse, Redis, Prometheus, Alertmanager and PostgreSQL answer: address, version, round trip.",
            "Prometheus, Alertmanager and PostgreSQL are optional: one the context does not name (prometheus.url, alertmanager.url,",
            "postgres.url; the built-in local context names the stack's Prometheus and Alertmanager) is shown not-configured",
            "and does not fail the check."
        })
public final class DoctorCommand extends ServerCommand {
    @Mixin
    private KafkaClientOptions kafka;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        Settings settings = settings();
        List<HealthCheck> checks = new ArrayList<>(List.of(
                new KafkaHealthCheck(settings.kafka(kafka.clientProperties())),
                new ClickHouseHealthCheck(settings.clickHouse()),
                new RedisHealthCheck(settings.redis()),
                HttpApiHealthCheck.prometheus(settings.prometheusUrl(), settings.timeout()),
                HttpApiHealthCheck.alertmanager(settings.alertmanagerUrl(), settings.timeout()),
                new PostgresHealthCheck(settings.postgres())));
        String cluster = settings.clickHouseCluster();
        if (cluster != null && !cluster.isBlank()) { // every node of the cluster, after the one somactl talks to
            checks.addAll(2, ClickHouseClusterChecks.of(settings.clickHouse(), cluster));
        }
        List<HealthReport> reports = new StackDoctor(checks).examine();
        Table table = Table.withColumns("server", "address", "state", "version", "latency");
        reports.forEach(r -> table.row(
                r.server(),
                r.address(),
                Cell.state(r.state(), r.failed() ? Cell.Tone.BAD : r.up() ? Cell.Tone.GOOD : Cell.Tone.PLAIN),
                r.version(),
                r.up() ? Durations.millis(r.latency()) : ""));
        output.render(table, out());
        List<HealthReport> down = reports.stream().filter(HealthReport::failed).toList();
        for (HealthReport report : down) {
            err().println(report.server() + " at " + report.address() + " is down: " + report.problem());
        }
        if (!down.isEmpty()) {
            err().println(
                            "Start the local stack with stack/up, or point somactl at yours: somactl config view, --context.");
            err().flush();
            return ExitCode.FAILURE;
        }
        return ExitCode.OK;
    }
}
