package io.somactl.commands;

import io.somactl.commands.support.Cell;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.SessionTables;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TenantsOption;
import io.somactl.commands.support.TimeRangeOptions;
import io.somactl.core.pricing.Money;
import io.somactl.core.report.Grain;
import io.somactl.core.report.TimeRange;
import io.somactl.core.rollup.AggregateReport;
import io.somactl.core.rollup.AggregateRequest;
import io.somactl.core.rollup.AggregateRow;
import io.somactl.core.rollup.Dimension;
import io.somactl.core.rollup.RollupMetrics;
import io.somactl.core.rollup.Rollups;
import io.somactl.core.text.Printable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "aggregate",
        description = {
            "Rollups over a period from the hourly rollup tables: tokens, cost, requests, latency percentiles, queue delay, GPU",
            "utilization, escalations with fallback and error rates, tool success, policy blocks and overrides, refusal rate,",
            "audio WER/CER/MOS. One row per group (per --period bucket when given), with trend arrows against the bucket before."
        },
        subcommands = {AggregateBackfillCommand.class})
public final class AggregateCommand extends ServerCommand {
    /** Metric groups for --metrics: column name to how it is read from a row's figures. */
    private static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("usage", List.of("requests", "input_tokens", "output_tokens", "total_tokens", "cost_usd"));
        GROUPS.put(
                "latency",
                List.of(
                        "latency_p50_ms",
                        "latency_p95_ms",
                        "latency_p99_ms",
                        "queue_delay_avg_ms",
                        "gpu_utilization_avg"));
        GROUPS.put("escalations", List.of("escalations", "fallback_rate", "error_rate"));
        GROUPS.put("quality", List.of("tool_success_rate", "policy_blocks", "policy_overrides", "refusal_rate"));
        GROUPS.put("audio", List.of("wer_avg", "cer_avg", "mos_avg"));
    }

    private static final Map<String, Function<RollupMetrics, Object>> METRICS = new LinkedHashMap<>();

    static {
        METRICS.put("requests", RollupMetrics::requests);
        METRICS.put("input_tokens", RollupMetrics::inputTokens);
        METRICS.put("output_tokens", RollupMetrics::outputTokens);
        METRICS.put("total_tokens", RollupMetrics::totalTokens);
        METRICS.put("cost_usd", RollupMetrics::costUsd);
        METRICS.put("latency_p50_ms", RollupMetrics::latencyP50);
        METRICS.put("latency_p95_ms", RollupMetrics::latencyP95);
        METRICS.put("latency_p99_ms", RollupMetrics::latencyP99);
        METRICS.put("queue_delay_avg_ms", RollupMetrics::queueDelayAvgMs);
        METRICS.put("gpu_utilization_avg", RollupMetrics::gpuUtilizationAvg);
        METRICS.put("escalations", RollupMetrics::escalations);
        METRICS.put("fallback_rate", RollupMetrics::fallbackRate);
        METRICS.put("error_rate", RollupMetrics::errorRate);
        METRICS.put("tool_success_rate", RollupMetrics::toolSuccessRate);
        METRICS.put("policy_blocks", RollupMetrics::policyBlocks);
        METRICS.put("policy_overrides", RollupMetrics::policyOverrides);
        METRICS.put("refusal_rate", RollupMetrics::refusalRate);
        METRICS.put("wer_avg", RollupMetrics::werAvg);
        METRICS.put("cer_avg", RollupMetrics::cerAvg);
        METRICS.put("mos_avg", RollupMetrics::mosAvg);
    }

    /** The escalations' estimated extra cost (sessions in PostgreSQL), shown with the escalations when postgres.url is set. */
    private static final String EXTRA_COST = "escalation_extra_cost_usd";

    private Map<List<String>, BigDecimal> extraCosts = Map.of();

    @Mixin
    private TimeRangeOptions time;

    @Mixin
    private OutputOptions output;

    @Option(
            names = "--period",
            paramLabel = "GRAIN",
            description = "One row per hour, day or month (default: one row for the whole range).")
    private String period;

    @Option(
            names = "--group-by",
            split = ",",
            paramLabel = "DIMENSION",
            description = "tenant, persona, model, role, deployment_mode, comma-separated (default: tenant).")
    private List<String> groupBy = new ArrayList<>(List.of("tenant"));

    @Mixin
    private TenantsOption tenantsOption;

    @Option(
            names = "--metrics",
            split = ",",
            paramLabel = "GROUP",
            description =
                    "usage, latency, escalations, quality, audio or all (default: usage,latency in a table, all for -o json|csv|yaml).")
    private List<String> metricGroups = new ArrayList<>();

    @Option(names = "--explain", description = "Print the SQL instead of running it.")
    private boolean explain;

    @Override
    public Integer call() {
        Grain grain = period == null ? null : parse(() -> Grain.parse(period));
        TimeRange given = time.range(Duration.ofHours(24), Clock.systemUTC());
        TimeRange range = AggregateRequest.widen(given.since(), given.until(), grain);
        AggregateRequest request =
                parse(() -> new AggregateRequest(range, grain, Dimension.parseList(groupBy), tenantsOption.values()));
        List<String> columns = new ArrayList<>(metricColumns());
        Rollups rollups = new Rollups(services().clickHouse());
        if (explain) {
            rollups.explain(request).forEach(sql -> out().println(sql + ";\n"));
            out().flush();
            return ExitCode.OK;
        }
        AggregateReport report = rollups.aggregate(request);
        if (columns.contains("escalations") && settings().postgres().isPresent()) {
            extraCosts = services().sessionStore().extraCostSums(request); // in PostgreSQL, not in the rollups
            List<String> with = new ArrayList<>(columns);
            with.add(with.indexOf("escalations") + 1, EXTRA_COST);
            columns = with;
        }
        for (String gap : report.coverageGaps()) {
            warn(
                    gap
                            + "; run 'somactl aggregate backfill' (with ingest stopped) to rebuild the rollups from the base tables");
        }
        output.render(table(report, columns), out());
        return ExitCode.OK;
    }

    private Table table(AggregateReport report, List<String> metricColumns) {
        boolean person = output.format() == OutputFormat.table;
        List<String> columns = new ArrayList<>();
        if (!person || period != null) {
            columns.add("period_start");
        }
        if (!person) {
            columns.add("period_end");
        }
        report.request().groupBy().forEach(d -> columns.add(d.column()));
        columns.addAll(metricColumns);
        Table table = Table.withColumns(columns.toArray(String[]::new));
        for (AggregateRow row : report.rows()) {
            if (metricColumns.stream()
                    .filter(METRICS::containsKey)
                    .allMatch(m -> isNothing(METRICS.get(m).apply(row.metrics())))) {
                continue; // e.g. tool and policy events under model "-" when only usage is shown
            }
            List<Object> values = new ArrayList<>();
            if (!person || period != null) {
                values.add(row.start().toString());
            }
            if (!person) {
                values.add(row.end().toString());
            }
            values.addAll(row.dimensions());
            for (String metric : metricColumns) {
                if (metric.equals(EXTRA_COST)) {
                    List<String> key = new ArrayList<>(List.of(row.start().toString()));
                    key.addAll(row.dimensions());
                    BigDecimal extra = extraCosts.getOrDefault(key, BigDecimal.ZERO);
                    values.add(person ? SessionTables.extra(extra) : extra.toPlainString());
                    continue;
                }
                Object value = METRICS.get(metric).apply(row.metrics());
                Object before =
                        row.previous() == null ? null : METRICS.get(metric).apply(row.previous());
                Object exact = value instanceof BigDecimal d ? d.toPlainString() : value;
                values.add(Cell.of(human(metric, value) + arrow(value, before), exact));
            }
            table.row(values.toArray());
        }
        return table;
    }

    private List<String> metricColumns() {
        List<String> chosen = metricGroups.isEmpty()
                ? (output.format() == OutputFormat.table ? List.of("usage", "latency") : List.of("all"))
                : metricGroups;
        List<String> columns = new ArrayList<>();
        for (String group : chosen) {
            String name = group.strip().toLowerCase(Locale.ROOT);
            if (name.equals("all")) {
                GROUPS.values().forEach(columns::addAll);
            } else if (GROUPS.containsKey(name)) {
                columns.addAll(GROUPS.get(name));
            } else {
                throw new ParameterException(
                        spec.commandLine(),
                        "--metrics: unknown group " + Printable.quote(group)
                                + " (usage, latency, escalations, quality, audio, all)");
            }
        }
        return columns.stream().distinct().toList();
    }

    private static boolean isNothing(Object value) {
        return value == null || (value instanceof Number n && n.doubleValue() == 0);
    }

    private static final Set<String> RATES =
            Set.of("fallback_rate", "error_rate", "tool_success_rate", "refusal_rate", "gpu_utilization_avg");

    static String human(String metric, Object value) {
        if (value == null) {
            return "-";
        }
        if (metric.equals("cost_usd")) {
            return Money.format((BigDecimal) value);
        }
        if (RATES.contains(metric)) {
            double share = value instanceof BigDecimal d ? d.doubleValue() : (Double) value;
            return String.format(Locale.ROOT, "%.1f%%", share * 100);
        }
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, metric.endsWith("_ms") ? "%.1f" : "%.3f", d);
        }
        return value.toString();
    }

    /** ↑ or ↓ when the value moved more than 1% from the bucket before, → when it held; nothing without a before. */
    static String arrow(Object now, Object before) {
        if (now == null || before == null) {
            return "";
        }
        double a = now instanceof BigDecimal d ? d.doubleValue() : ((Number) now).doubleValue();
        double b = before instanceof BigDecimal d ? d.doubleValue() : ((Number) before).doubleValue();
        if (b == 0) {
            return a == 0 ? " →" : " ↑";
        }
        double change = (a - b) / Math.abs(b);
        return change > 0.01 ? " ↑" : change < -0.01 ? " ↓" : " →";
    }

    private <T> T parse(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
