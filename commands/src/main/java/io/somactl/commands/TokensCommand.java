package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PersonaOption;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TenantOption;
import io.somactl.commands.support.TimeRangeOptions;
import io.somactl.core.usage.TokenUsageQuery;
import io.somactl.core.usage.TokenUsageQuery.Dimension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "tokens",
        description = {
            "Token usage and cost per tenant, persona and model over a period, from ClickHouse: the /v1/telemetry/tokens view.",
            "Default range: the last 24 hours (--since 24h --until now).",
            "Example: somactl tokens --since 2023-11-16 --until 2023-11-17 --group-by tenant,model"
        })
public final class TokensCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Mixin
    private TimeRangeOptions time;

    @Option(
            names = "--group-by",
            split = ",",
            paramLabel = "DIM",
            defaultValue = "tenant,persona,model",
            description = "Any of tenant, persona, model, hour, day (default: ${DEFAULT-VALUE}).")
    private List<String> groupBy;

    @Mixin
    private TenantOption tenantOption;

    @Mixin
    private PersonaOption personaOption;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        List<Dimension> dimensions = new ArrayList<>();
        groupBy.forEach(name -> dimensions.add(Dimension.parse(name)));
        List<TokenUsageQuery.Row> rows = services()
                .tokens()
                .query(
                        time.since(now.minus(java.time.Duration.ofHours(24)), now),
                        time.until(now, now),
                        dimensions,
                        tenantOption.value(),
                        personaOption.value());
        output.render(table(dimensions, rows), out());
        return ExitCode.OK;
    }

    /** The rows as a table (also what {@code somactl serve} answers {@code /v1/telemetry/tokens} with). */
    public static Table table(List<Dimension> dimensions, List<TokenUsageQuery.Row> rows) {
        List<String> columns =
                new ArrayList<>(dimensions.stream().map(Dimension::cliName).toList());
        columns.addAll(List.of("requests", "input_tokens", "output_tokens", "total_tokens", "cost_usd"));
        Table table = Table.withColumns(columns.toArray(String[]::new));
        for (TokenUsageQuery.Row row : rows) {
            List<Object> values = new ArrayList<>(row.groups());
            values.addAll(
                    List.of(row.requests(), row.inputTokens(), row.outputTokens(), row.totalTokens(), row.costUsd()));
            table.row(values.toArray());
        }
        return table;
    }
}
