package io.somactl.commands;

import io.somactl.commands.support.CommandGroup;
import picocli.CommandLine.Command;

@Command(
        name = "score",
        description =
                "Model rankings from telemetry (quality, cost, latency, reliability) and anomaly flags, for routers.",
        subcommands = {ScoreModelsCommand.class, ScoreHistoryCommand.class, ScoreAnomaliesCommand.class})
public final class ScoreCommand extends CommandGroup {}
