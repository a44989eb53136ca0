package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ScoreServices;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.scoring.ScoreDimension;
import io.somactl.core.scoring.ScoreStore;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(
        name = "history",
        description = "How a model's rank moved: one row per scored window (model_scores), oldest first.")
public final class ScoreHistoryCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Parameters(paramLabel = "MODEL", description = "The model.")
    private String model;

    @Option(
            names = "--scope",
            paramLabel = "SCOPE",
            defaultValue = "global",
            description =
                    "global, or DIMENSION=VALUE as in score models --by: tenant=acme (default: ${DEFAULT-VALUE}).")
    private String scope;

    @Option(
            names = "--limit",
            defaultValue = "50",
            paramLabel = "N",
            description = "The latest N windows (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Override
    public Integer call() {
        String dimension = "global";
        String value = "";
        if (!scope.equals("global")) {
            int eq = scope.indexOf('=');
            try {
                dimension = ScoreDimension.parse(eq < 0 ? scope : scope.substring(0, eq))
                        .key();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(), "--scope: " + e.getMessage().replace("--by: ", ""));
            }
            if (eq < 0 || eq == scope.length() - 1) {
                throw new ParameterException(
                        spec.commandLine(), "--scope: give the value too, e.g. " + dimension + "=acme");
            }
            value = scope.substring(eq + 1);
        }
        List<ScoreStore.HistoryRow> rows;
        try (ScoreServices services = new ScoreServices(services())) {
            rows = services.store().history(model, dimension, value, limit);
        }
        if (rows.isEmpty()) {
            warn("no stored ranking of " + model + " in scope " + scope + " (run 'somactl score models' first)");
        }
        Table table =
                Table.withColumns("WINDOW_START", "WINDOW_END", "SCOPE", "RANK", "MOVE", "SCORE", "REQUESTS", "NOTE");
        Integer before = null;
        for (ScoreStore.HistoryRow r : rows) {
            String move = r.rank() == 0 || before == null || before == 0
                    ? ""
                    : r.rank() < before
                            ? "↑" + (before - r.rank())
                            : r.rank() > before ? "↓" + (r.rank() - before) : "→";
            table.row(
                    r.windowStart().toString(),
                    r.windowEnd().toString(),
                    r.scope(),
                    r.rank() == 0 ? "-" : r.rank(),
                    move,
                    r.rank() == 0 ? "-" : r.score(),
                    r.requests(),
                    r.reason());
            before = r.rank();
        }
        output.render(table, out());
        return ExitCode.OK;
    }
}
