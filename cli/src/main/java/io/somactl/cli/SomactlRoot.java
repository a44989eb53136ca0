package io.somactl.cli;

import io.somactl.commands.AggregateCommand;
import io.somactl.commands.AlertsCommand;
import io.somactl.commands.ArchiveCommand;
import io.somactl.commands.BudgetCommand;
import io.somactl.commands.CallsCommand;
import io.somactl.commands.CompletionCommand;
import io.somactl.commands.ConfigCommand;
import io.somactl.commands.CostCommand;
import io.somactl.commands.DoctorCommand;
import io.somactl.commands.EmitCommand;
import io.somactl.commands.EscalationsCommand;
import io.somactl.commands.ExportCommand;
import io.somactl.commands.GenerateCommand;
import io.somactl.commands.IngestCommand;
import io.somactl.commands.ReplayCommand;
import io.somactl.commands.RepriceCommand;
import io.somactl.commands.RouteCommand;
import io.somactl.commands.SchemaCommand;
import io.somactl.commands.ScoreCommand;
import io.somactl.commands.ServeCommand;
import io.somactl.commands.SessionsCommand;
import io.somactl.commands.SpendCommand;
import io.somactl.commands.TokensCommand;
import io.somactl.commands.TopicsCommand;
import io.somactl.commands.support.CommandGroup;
import io.somactl.commands.support.Invocation;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
        name = "somactl",
        header = "Telemetry and cost accounting for SomaAgent: Kafka, ClickHouse and Redis.",
        description =
                "Run 'somactl COMMAND --help' for a command's options, 'somactl shell' for an interactive session.")
public final class SomactlRoot extends CommandGroup implements Invocation.Holder {
    /**
     * The commands under {@code somactl}, in help order. Listed here rather than in {@code @Command(subcommands)}
     * so that {@link CommandTree#forArguments} can build only the one a command line names (picocli builds the
     * model of every command it is given, about 60, which took most of a short command's start).
     */
    static final List<Class<?>> COMMANDS = List.of(
            DoctorCommand.class,
            SchemaCommand.class,
            TopicsCommand.class,
            EmitCommand.class,
            GenerateCommand.class,
            CostCommand.class,
            IngestCommand.class,
            ReplayCommand.class,
            ArchiveCommand.class,
            RepriceCommand.class,
            BudgetCommand.class,
            SpendCommand.class,
            TopCommand.class,
            TokensCommand.class,
            AggregateCommand.class,
            CallsCommand.class,
            SessionsCommand.class,
            EscalationsCommand.class,
            ScoreCommand.class,
            RouteCommand.class,
            ServeCommand.class,
            ExportCommand.class,
            AlertsCommand.class,
            ConfigCommand.class,
            CompletionCommand.class,
            ShellCommand.class);

    private final Invocation invocation;

    public SomactlRoot(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Invocation invocation() {
        return invocation;
    }
}
