package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TableRenderer;
import io.somactl.commands.support.TenantOption;
import io.somactl.core.config.Settings;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageKeys;
import io.somactl.core.usage.UsageRebuild;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "rebuild",
        description = {
            "Recompute the Redis usage counters from ClickHouse, for when Redis was flushed or lost.",
            "Stop ingest first: a batch stored while the rebuild runs could be missed."
        })
public final class BudgetRebuildCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Mixin
    private TenantOption tenantOption;

    @Override
    public Integer call() {
        Settings settings = settings();
        RedisUsageCounters counters = new RedisUsageCounters(
                services().redis().async(), new UsageKeys(settings.redis().keyPrefix()), settings.timeout());
        Map<String, Integer> written =
                new UsageRebuild(services().clickHouse(), counters).rebuild(tenantOption.value());
        Table table = Table.withColumns("tenant", "counters");
        written.forEach(table::row);
        TableRenderer.render(table, output.format(), out());
        return ExitCode.OK;
    }
}
