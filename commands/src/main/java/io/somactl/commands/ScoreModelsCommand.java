package io.somactl.commands;

import io.somactl.commands.support.Documents;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ScoreServices;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TimeRangeOptions;
import io.somactl.core.report.TimeRange;
import io.somactl.core.scoring.Component;
import io.somactl.core.scoring.ModelScoring;
import io.somactl.core.scoring.ModelStatsQuery;
import io.somactl.core.scoring.Ranking;
import io.somactl.core.scoring.ScoreDimension;
import io.somactl.core.scoring.Weights;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "models",
        description = {
            "Ranks the models over a window by quality, cost, latency and reliability from the base tables, writes the ranking",
            "to Redis (one key a router reads with one GET) and appends it to ClickHouse's model_scores. The same window again",
            "replaces it (cron-safe). Models with fewer than --min-requests requests are reported, never ranked."
        })
public final class ScoreModelsCommand extends ServerCommand {
    @Mixin
    private TimeRangeOptions time;

    @Mixin
    private OutputOptions output;

    @Option(
            names = "--window",
            paramLabel = "LENGTH",
            description = "Whole hours up to the start of this hour: 24h, 7d (default: 24h).")
    private String window;

    @Option(
            names = "--by",
            paramLabel = "DIMENSION",
            description = "Also rank per tenant, persona or deployment_mode (a key each).")
    private String by;

    @Option(
            names = "--weights",
            paramLabel = "FILE",
            description = "YAML of weights: quality: 0.4, cost: 0.2, fallback_rate: 1, …")
    private Path weightsFile;

    @Option(
            names = "--weight",
            paramLabel = "KEY=W",
            description = "A group's or a component's weight (after --weights); repeat.")
    private List<String> weightFlags = new ArrayList<>();

    @Option(
            names = "--min-requests",
            defaultValue = "100",
            paramLabel = "N",
            description = "Fewest requests in the window to be ranked (default: ${DEFAULT-VALUE}).")
    private long minRequests;

    @Option(
            names = "--explain",
            paramLabel = "MODEL",
            description = "Show MODEL's components: raw, normalized, weight, contribution.")
    private String explain;

    @Option(names = "--no-publish", description = "Compute and print only: write nothing to Redis or ClickHouse.")
    private boolean noPublish;

    @Override
    public Integer call() {
        TimeRange range = ScoreServices.window(spec, time, window, "24h", Clock.systemUTC());
        Weights weights;
        ScoreDimension dimension;
        try {
            Map<String, Double> settings = new LinkedHashMap<>();
            if (weightsFile != null) {
                settings.putAll(Weights.readFile(weightsFile));
            }
            settings.putAll(Weights.parseFlags(weightFlags));
            weights = Weights.of(settings);
            dimension = by == null ? null : ScoreDimension.parse(by);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (minRequests < 1) {
            throw new ParameterException(spec.commandLine(), "--min-requests must be at least 1");
        }
        List<ModelScoring.Scored> scored;
        try (ScoreServices services = new ScoreServices(services())) {
            ModelScoring scoring =
                    new ModelScoring(new ModelStatsQuery(services.clickHouse()), noPublish ? null : services.store());
            scored = scoring.run(
                    range, dimension, weights, minRequests, Clock.systemUTC().instant());
            if (scored.get(0).ranking().ranked().isEmpty()
                    && scored.get(0).ranking().unranked().isEmpty()) {
                warn("no SLM or escalation requests in " + range
                        + ": nothing to rank (is that the right window and database?)");
            }
            for (ModelScoring.Scored s : scored) {
                if (!noPublish && !s.published()) {
                    warn("kept the ranking of a later window in "
                            + services.keys()
                                    .ranking(
                                            s.ranking().scopeDimension(),
                                            s.ranking().scopeValue()) + "; this one (" + range
                            + ") went to the history only");
                }
            }
        }
        if (explain != null) {
            return explain(scored.get(0).ranking());
        }
        render(scored);
        return ExitCode.OK;
    }

    private void render(List<ModelScoring.Scored> scored) {
        if (output.format() == OutputFormat.json || output.format() == OutputFormat.yaml) {
            // JSON: exactly the text the Redis keys hold; YAML: the same tree
            Documents.renderJson(
                    scored.size() == 1
                            ? scored.get(0).json()
                            : "["
                                    + String.join(
                                            ",",
                                            scored.stream()
                                                    .map(ModelScoring.Scored::json)
                                                    .toList()) + "]",
                    output.format(),
                    out());
            return;
        }
        Table table = Table.withColumns(
                "SCOPE",
                "RANK",
                "MODEL",
                "SCORE",
                "REQUESTS",
                "SUCCESS",
                "FALLBACK",
                "P95_MS",
                "COST_PER_REQUEST",
                "NOTE");
        for (ModelScoring.Scored s : scored) {
            Ranking r = s.ranking();
            for (Ranking.Entry e : r.ranked()) {
                table.row(
                        r.scope(),
                        e.rank(),
                        e.model(),
                        e.score().toPlainString(),
                        e.requests(),
                        value(e, Component.SUCCESS_RATE),
                        value(e, Component.FALLBACK_RATE),
                        value(e, Component.LATENCY_P95_MS),
                        value(e, Component.COST_PER_REQUEST),
                        "");
            }
            for (Ranking.Unranked u : r.unranked()) {
                table.row(r.scope(), "-", u.model(), "-", u.requests(), "-", "-", "-", "-", u.reason());
            }
        }
        output.render(table, out());
        if (output.format() == OutputFormat.table) {
            Ranking first = scored.get(0).ranking();
            err().println("window " + first.since() + " .. " + first.until() + ", computed " + first.computedAt());
            err().flush();
        }
    }

    private static String value(Ranking.Entry e, Component c) {
        Ranking.Part p = e.components().get(c);
        if (p == null) {
            return "-";
        }
        BigDecimal raw = p.raw();
        if (c.key().endsWith("_rate")) {
            return String.format(Locale.ROOT, "%.2f%%", raw.doubleValue() * 100);
        }
        return c.key().startsWith("cost")
                ? raw.stripTrailingZeros().toPlainString()
                : String.format(Locale.ROOT, "%.1f", raw.doubleValue());
    }

    private int explain(Ranking ranking) {
        var entry = ranking.entry(explain);
        if (entry.isEmpty()) {
            var unranked = ranking.unranked().stream()
                    .filter(u -> u.model().equals(explain))
                    .findFirst();
            if (unranked.isPresent()) {
                out().println(explain + " is not ranked: " + unranked.get().reason());
                out().flush();
                return ExitCode.OK;
            }
            throw new ParameterException(
                    spec.commandLine(),
                    "--explain: no requests of model '" + explain + "' in " + ranking.since() + " .. " + ranking.until()
                            + " (models: "
                            + String.join(
                                    ", ",
                                    ranking.ranked().stream()
                                            .map(Ranking.Entry::model)
                                            .toList()) + ")");
        }
        Ranking.Entry e = entry.get();
        Table table = Table.withColumns("COMPONENT", "GROUP", "RAW", "NORMALIZED", "WEIGHT", "CONTRIBUTION", "MEANING");
        for (Map.Entry<Component, Ranking.Part> part : e.components().entrySet()) {
            Ranking.Part p = part.getValue();
            table.row(
                    part.getKey().key(),
                    part.getKey().group().key(),
                    p.raw().toPlainString(),
                    String.format(Locale.ROOT, "%.6f", p.normalized()),
                    String.format(Locale.ROOT, "%.6f", p.weight()),
                    String.format(Locale.ROOT, "%.6f", p.normalized() * p.weight()),
                    part.getKey().description());
        }
        if (output.format() == OutputFormat.table) {
            out().println(e.model() + ": rank " + e.rank() + " of "
                    + ranking.ranked().size() + ", score " + e.score().toPlainString() + " (" + e.requests()
                    + " requests, " + ranking.scope() + ", " + ranking.since() + " .. " + ranking.until() + ")");
        }
        output.render(table, out());
        return ExitCode.OK;
    }
}
