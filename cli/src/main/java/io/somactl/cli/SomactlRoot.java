package io.somactl.cli;

import io.somactl.commands.AggregateCommand;
import io.somactl.commands.AlertsCommand;
import io.somactl.commands.ArchiveCommand;
import io.somactl.commands.BudgetCommand;
import io.somactl.commands.CallsCommand;
import io.somactl.commands.EscalationsCommand;
import io.somactl.commands.SessionsCommand;
import io.somactl.commands.CompletionCommand;
import io.somactl.commands.IngestCommand;
import io.somactl.commands.ReplayCommand;
import io.somactl.commands.ConfigCommand;
import io.somactl.commands.CostCommand;
import io.somactl.commands.DoctorCommand;
import io.somactl.commands.EmitCommand;
import io.somactl.commands.GenerateCommand;
import io.somactl.commands.ExportCommand;
import io.somactl.commands.RouteCommand;
import io.somactl.commands.SchemaCommand;
import io.somactl.commands.ScoreCommand;
import io.somactl.commands.SpendCommand;
import io.somactl.commands.TokensCommand;
import io.somactl.commands.TopicsCommand;
import io.somactl.commands.support.CommandGroup;
import io.somactl.commands.support.Invocation;
import picocli.CommandLine.Command;

@Command(name = "somactl",
        header = "Telemetry and cost accounting for SomaAgent: Kafka, ClickHouse and Redis.",
        description = "Run 'somactl COMMAND --help' for a command's options, 'somactl shell' for an interactive session.",
        subcommands = {
            DoctorCommand.class,
            SchemaCommand.class,
            TopicsCommand.class,
            EmitCommand.class,
            GenerateCommand.class,
            CostCommand.class,
            IngestCommand.class,
            ReplayCommand.class,
            ArchiveCommand.class,
            BudgetCommand.class,
            SpendCommand.class,
            TokensCommand.class,
            AggregateCommand.class,
            CallsCommand.class,
            SessionsCommand.class,
            EscalationsCommand.class,
            ScoreCommand.class,
            RouteCommand.class,
            ExportCommand.class,
            AlertsCommand.class,
            ConfigCommand.class,
            CompletionCommand.class,
            ShellCommand.class,
        })
public final class SomactlRoot extends CommandGroup implements Invocation.Holder {
    private final Invocation invocation;

    public SomactlRoot(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Invocation invocation() {
        return invocation;
    }
}
