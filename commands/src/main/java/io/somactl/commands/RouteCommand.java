package io.somactl.commands;

import io.somactl.commands.support.Documents;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PersonaOption;
import io.somactl.commands.support.PricingOptions;
import io.somactl.commands.support.ScoreServices;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.TenantOption;
import io.somactl.core.budget.BudgetRequest;
import io.somactl.core.budget.CheckResult;
import io.somactl.core.budget.Decision;
import io.somactl.core.budget.GuardedBudgetCheck;
import io.somactl.core.config.Settings;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.UnpricedEventException;
import io.somactl.core.scoring.RankingJson;
import io.somactl.core.scoring.RouteThresholds;
import io.somactl.core.scoring.Router;
import io.somactl.core.scoring.ScoreStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "route",
        description = {
            "The model to use for a task: the current ranking (the tenant's, else the global one, from Redis) and the budget",
            "state (decided without reserving) choose among the candidates. Prints the model, the rule that chose it and the",
            "estimated cost against the default model (catalog token prices). A budget in downgrade state forces the cheaper",
            "model; pause exits 12 and require-approval 13, with no model."
        })
public final class RouteCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Mixin
    private PricingOptions pricing;

    @Mixin
    private TenantOption tenantOption;

    @Mixin
    private PersonaOption personaOption;

    @Option(names = "--complexity", required = true, paramLabel = "LEVEL", description = "low, medium or high.")
    private String complexity;

    @Option(
            names = "--candidates",
            required = true,
            split = ",",
            paramLabel = "MODEL",
            description = "The models to choose from, comma-separated.")
    private List<String> candidates;

    @Option(
            names = "--default",
            paramLabel = "MODEL",
            description = "The model costs compare with, and used without a ranking (default: the first candidate).")
    private String defaultModel;

    @Option(
            names = "--thresholds",
            paramLabel = "FILE",
            description = "YAML: per level min_score, input_tokens, output_tokens (docs/scoring.md).")
    private Path thresholdsFile;

    @Override
    public Integer call() {
        RouteThresholds.Complexity level;
        try {
            level = RouteThresholds.Complexity.parse(complexity);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        RouteThresholds thresholds =
                thresholdsFile == null ? RouteThresholds.defaults() : RouteThresholds.load(thresholdsFile);
        Pricer pricer = pricing.catalog().pricer();
        Settings settings = settings();
        Instant now = Clock.systemUTC().instant();
        RankingJson.Summary ranking;
        try (ScoreServices services = new ScoreServices(services())) {
            ScoreStore store = services.store();
            String key = services.keys().ranking("tenant", tenantOption.required());
            String text = store.read("tenant", tenantOption.required());
            if (text == null) {
                key = services.keys().ranking("global", "");
                text = store.read("global", "");
            }
            try {
                ranking = text == null ? null : RankingJson.read(text);
            } catch (IllegalArgumentException e) {
                throw new io.somactl.core.SomactlException("Redis key " + key + " does not hold a ranking ("
                        + e.getMessage() + "); run 'somactl score models' to write it again");
            }
        }
        try {
            Router.Decided first = Router.route(
                    tenantOption.required(),
                    candidates,
                    defaultModel,
                    level,
                    thresholds,
                    ranking,
                    Decision.ALLOW,
                    null,
                    pricer,
                    now);
            RouteThresholds.Level size = thresholds.of(level);
            CheckResult budget = GuardedBudgetCheck.check(
                    settings.redis(),
                    new BudgetRequest(
                            tenantOption.required(),
                            personaOption.value(),
                            size.inputTokens() + size.outputTokens(),
                            size.inputTokens(),
                            size.outputTokens(),
                            first.estimatedCost(),
                            null),
                    false,
                    settings.budgetFailOpen(),
                    settings.budgetCheckTimeout(),
                    settings.budgetReservationTtl(),
                    Clock.systemUTC());
            Router.Decided decided = Router.route(
                    tenantOption.required(),
                    candidates,
                    defaultModel,
                    level,
                    thresholds,
                    ranking,
                    budget.decision(),
                    budget.downgradeTo(),
                    pricer,
                    now);
            render(decided, budget, ranking);
            return decided.refused()
                    ? (budget.decision() == Decision.PAUSE ? ExitCode.BUDGET_PAUSE : ExitCode.BUDGET_REQUIRE_APPROVAL)
                    : ExitCode.OK;
        } catch (UnpricedEventException e) {
            throw new ParameterException(spec.commandLine(), "a candidate cannot be priced: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void render(Router.Decided d, CheckResult budget, RankingJson.Summary ranking) {
        if (output.format() == OutputFormat.json || output.format() == OutputFormat.yaml) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model", d.model());
            doc.put("rule", d.rule());
            doc.put("reason", d.why());
            doc.put("refused", d.refused());
            doc.put(
                    "estimated_cost_usd",
                    d.estimatedCost() == null ? null : d.estimatedCost().toPlainString());
            doc.put("default_model", d.defaultModel());
            doc.put("default_cost_usd", d.defaultCost().toPlainString());
            doc.put(
                    "difference_usd",
                    d.difference() == null ? null : d.difference().toPlainString());
            doc.put("budget_decision", budget.decision().cliName());
            doc.put("budget_reason", budget.reason());
            doc.put("ranking_scope", ranking == null ? null : ranking.scope());
            doc.put(
                    "ranking_window_until",
                    ranking == null ? null : ranking.until().toString());
            Documents.render(doc, output.format(), out());
            return;
        }
        if (d.refused()) {
            out().println("refused (" + d.rule() + "): " + budget.reason());
        } else {
            String verb = d.model().equals(d.defaultModel())
                    ? "kept "
                    : d.difference().signum() > 0 ? "escalated to " : "downgraded to ";
            out().println(verb + d.model() + ": estimated " + signed(d.difference()) + " per request vs "
                    + d.defaultModel() + " (rule " + d.rule() + ": " + d.why() + ")");
            if (budget.decision() != Decision.ALLOW) {
                out().println("budget: " + budget.decision().cliName() + ": " + budget.reason());
            }
        }
        out().flush();
    }

    /** {@code +$0.12}, or with 6 decimals below a cent so small differences do not read as zero. */
    static String signed(BigDecimal amount) {
        String sign = amount.signum() < 0 ? "-" : "+";
        BigDecimal abs = amount.abs();
        int scale = abs.compareTo(new BigDecimal("0.01")) >= 0 ? 2 : 6;
        return sign + "$" + abs.setScale(scale, RoundingMode.HALF_EVEN).toPlainString();
    }
}
