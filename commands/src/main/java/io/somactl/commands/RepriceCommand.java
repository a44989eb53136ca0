package io.somactl.commands;

import io.somactl.commands.support.ActorOptions;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PricingOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TenantsOption;
import io.somactl.commands.support.Terminals;
import io.somactl.commands.support.TimeRangeOptions;
import io.somactl.core.SomactlException;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.config.Settings;
import io.somactl.core.export.ClickHouseBillingSource;
import io.somactl.core.report.TimeRange;
import io.somactl.core.reprice.Reprice;
import io.somactl.core.reprice.RepriceDiff;
import io.somactl.core.reprice.RepriceRequest;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageKeys;
import java.io.Console;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "reprice",
        description = {
            "Price the stored events of a range again with a catalog and replace their costs (not add rows):",
            "base tables, hourly rollups and Redis counters end up as the catalog says. Prints the difference per",
            "tenant and model first and asks before writing (--yes on scripts; --dry-run only prints it).",
            "Recorded in ClickHouse (reprice_runs, reprice_audit). Exported periods need --include-exported."
        })
public final class RepriceCommand extends ServerCommand {
    @Mixin
    private TimeRangeOptions time;

    @Mixin
    private PricingOptions pricing;

    @Mixin
    private OutputOptions output;

    @Mixin
    private ActorOptions actor;

    @Option(
            names = "--period",
            paramLabel = "PERIOD",
            description = "A month (2026-11) or a day (2026-11-05), UTC; or use --since/--until.")
    private String period;

    @Mixin
    private TenantsOption tenants;

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            description = "Only events of this model (voice turns: voice); repeat for more (default: all).")
    private List<String> models = new ArrayList<>();

    @Option(names = "--dry-run", description = "Print the difference and the exports it touches; write nothing.")
    private boolean dryRun;

    @Option(
            names = {"-y", "--yes"},
            description = "Apply without asking (required when not on a terminal).")
    private boolean yes;

    @Option(
            names = "--include-exported",
            description =
                    "Also reprice periods already exported by 'export billing'; the exports whose totals change are listed.")
    private boolean includeExported;

    @Option(
            names = "--mutation-timeout",
            paramLabel = "DURATION",
            defaultValue = "10m",
            description =
                    "How long to wait for ClickHouse to apply each update (default: ${DEFAULT-VALUE}); a re-run finishes a run cut short.")
    private String mutationTimeout;

    @Override
    public Integer call() {
        TimeRange range = time.rangeOrPeriod(period);
        boolean terminal = Terminals.interactive();
        if (!dryRun && !yes && !terminal) {
            throw new ParameterException(
                    spec.commandLine(),
                    "reprice asks before it writes, and this is not a terminal: add --yes to apply, or --dry-run to see the difference");
        }
        Settings settings = settings();
        String cluster = settings.clickHouseCluster();
        if (cluster != null && !cluster.isBlank()) {
            throw new SomactlException(
                    "reprice does not support a ClickHouse cluster yet (context's clickhouse.cluster is " + cluster
                            + "): its mutations and rollup rebuilds run on one server");
        }
        HttpClickHouse clickHouse = services().clickHouse();
        Reprice reprice = new Reprice(
                clickHouse,
                new ClickHouseBillingSource(clickHouse),
                Clock.systemUTC(),
                Settings.parseDuration("--mutation-timeout", mutationTimeout),
                line -> {
                    err().println("reprice: " + line);
                    err().flush();
                });
        Reprice.Plan plan = reprice.plan(new RepriceRequest(
                range, tenants.values(), models, pricing.choose(settings).catalog(), includeExported));
        render(plan.diff());
        for (Reprice.ExportImpact e : plan.exportsChanged()) {
            err().println("reprice: changes export " + e.export().describe() + " by "
                    + e.delta().toPlainString());
        }
        if (plan.resumes() != null) {
            err().println("reprice: finishes an unfinished run with the same range, filters and catalog");
        }
        err().flush();
        if (dryRun) {
            if (plan.blockedByExports()) {
                err().println("reprice: applying it needs --include-exported");
                err().flush();
            }
            return ExitCode.OK;
        }
        if (!plan.diff().changesAnything() && plan.resumes() == null) {
            err().println("reprice: nothing to change");
            err().flush();
            return ExitCode.OK;
        }
        if (plan.blockedByExports()) {
            throw new SomactlException(
                    "the range overlaps " + plan.exportsChanged().size() + " billing export(s) whose totals"
                            + " it would change (listed above); add --include-exported to reprice them anyway");
        }
        if (!yes && !confirmed(plan)) {
            err().println("reprice: not applied");
            err().flush();
            return ExitCode.FAILURE;
        }
        long started = System.nanoTime();
        Reprice.Result result;
        RedisUsageCounters counters = new RedisUsageCounters(
                services().redis().async(), new UsageKeys(settings.redis().keyPrefix()), settings.timeout());
        result = reprice.apply(plan, actor.actor(settings), counters);
        err().println("reprice: " + result.repriceId() + ": " + result.rowsUpdated() + " rows repriced, "
                + result.rollupKeysRebuilt() + " rollup hours rebuilt, " + result.tenantsRecounted()
                + " tenants recounted in Redis"
                + String.format(Locale.ROOT, " in %.1f s", (System.nanoTime() - started) / 1e9));
        for (Reprice.ExportImpact e : result.staleExports()) {
            err().println("reprice: export no longer matches ClickHouse (re-issue it): "
                    + e.export().describe() + ", now differs by " + e.delta().toPlainString());
        }
        err().flush();
        return ExitCode.OK;
    }

    private void render(RepriceDiff diff) {
        Table table =
                Table.withColumns("tenant", "model", "events", "changed", "old_cost_usd", "new_cost_usd", "delta_usd");
        List<RepriceDiff.Line> lines = new ArrayList<>(diff.lines());
        lines.add(diff.total());
        for (RepriceDiff.Line line : lines) {
            table.row(
                    line.tenant(),
                    line.model(),
                    line.events(),
                    line.changed(),
                    line.oldCost().toPlainString(),
                    line.newCost().toPlainString(),
                    line.delta().toPlainString());
        }
        output.render(table, out());
        out().flush();
    }

    private boolean confirmed(Reprice.Plan plan) {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine(
                "Replace the costs of %d events (delta %s USD)? [y/N] ",
                plan.diff().total().changed(), plan.diff().total().delta().toPlainString());
        return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
    }
}
