package io.somactl.commands;

import io.somactl.commands.support.CommandGroup;
import picocli.CommandLine.Command;

@Command(
        name = "cost",
        description = "Prices: list the pricing catalog, estimate what a workload costs, import and compare catalogs.",
        subcommands = {CostShowCommand.class, CostEstimateCommand.class, CostImportCommand.class, CostDiffCommand.class
        })
public final class CostCommand extends CommandGroup {}
