package io.somactl.commands;

import io.somactl.commands.support.CommandGroup;
import picocli.CommandLine.Command;

@Command(
        name = "alerts",
        description =
                "Alerting: the Prometheus rules for the ingest worker, and a probe for cron and monitoring agents.",
        subcommands = {
            AlertsProbeCommand.class,
            AlertsRulesCommand.class,
        })
public final class AlertsCommand extends CommandGroup {}
