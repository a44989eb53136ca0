package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TimeRangeOptions;
import io.somactl.core.report.TimeRange;
import io.somactl.core.rollup.Rollups;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "backfill",
        description = {
            "Rebuild the rollups from the base tables, a whole month at a time (the views only see rows inserted after them).",
            "Idempotent. Stop ingest first: rows stored meanwhile could be counted twice or missed."
        })
public final class AggregateBackfillCommand extends ServerCommand {
    @Mixin
    private TimeRangeOptions time;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        Rollups rollups = new Rollups(services().clickHouse());
        List<Integer> months;
        if (time.given()) {
            TimeRange range = time.range(Duration.ofDays(31), Clock.systemUTC());
            months = rollups.monthsWithData(range.since(), range.until());
        } else {
            months = rollups.monthsWithData(null, null);
        }
        rollups.backfill(months, step -> {
            err().println("backfill " + step);
            err().flush();
        });
        Table table = Table.withColumns("month", "rollups");
        months.forEach(m -> table.row(String.format("%d-%02d", m / 100, m % 100), "rebuilt"));
        output.render(table, out());
        return ExitCode.OK;
    }
}
