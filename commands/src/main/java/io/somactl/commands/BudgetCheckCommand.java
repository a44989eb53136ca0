package io.somactl.commands;

import io.somactl.commands.support.BudgetTables;
import io.somactl.commands.support.Documents;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PersonaOption;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.TenantOption;
import io.somactl.core.budget.BudgetRequest;
import io.somactl.core.budget.CheckResult;
import io.somactl.core.budget.Decision;
import io.somactl.core.budget.GuardedBudgetCheck;
import io.somactl.core.config.Settings;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "check",
        description = {
            "The budget decision for a proposed action: allow, warn, downgrade (with the model), pause or require-approval,",
            "as the exit code (0, 10, 11, 12, 13) and in the output. Unless refused, the request is reserved against the",
            "budgets until ingest has counted it (budget.reservation-ttl, default 10m); check and reservation are one atomic",
            "step in Redis. If Redis does not answer within budget.check-timeout (default 2s; --timeout wins) plus 1s for the",
            "client to start, budget.redis-unavailable decides: fail-closed (default: pause) or fail-open (allow); the output says so."
        })
public final class BudgetCheckCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Mixin
    private TenantOption tenantOption;

    @Mixin
    private PersonaOption personaOption;

    @Option(
            names = "--tokens",
            paramLabel = "N",
            description = "Tokens the action may use in all (input and output budgets count all N unless split below).")
    private Long tokens;

    @Option(names = "--input-tokens", paramLabel = "N", description = "Of which input tokens.")
    private Long inputTokens;

    @Option(names = "--output-tokens", paramLabel = "N", description = "Of which output tokens.")
    private Long outputTokens;

    @Option(names = "--cost", paramLabel = "USD", description = "Expected cost in USD (exact decimal).")
    private BigDecimal cost;

    @Option(names = "--gpu-seconds", paramLabel = "S", description = "Expected GPU time in seconds.")
    private BigDecimal gpuSeconds;

    @Option(names = "--no-reserve", description = "Decide only; do not reserve the request.")
    private boolean noReserve;

    @Option(
            names = "--fail-open",
            description = "If Redis does not answer, allow (overrides budget.redis-unavailable).")
    private boolean failOpen;

    @Option(
            names = "--fail-closed",
            description = "If Redis does not answer, pause (overrides budget.redis-unavailable).")
    private boolean failClosed;

    @Override
    public Integer call() {
        if (failOpen && failClosed) {
            throw new ParameterException(spec.commandLine(), "choose one of --fail-open and --fail-closed");
        }
        if (tokens == null && inputTokens == null && outputTokens == null && cost == null && gpuSeconds == null) {
            throw new ParameterException(
                    spec.commandLine(), "say what the action uses: --tokens N (and/or --cost, --gpu-seconds)");
        }
        Settings settings = settings();
        boolean open = failOpen || !failClosed && settings.budgetFailOpen();
        BudgetRequest request = new BudgetRequest(
                tenantOption.required(), personaOption.value(), tokens, inputTokens, outputTokens, cost, gpuSeconds);
        CheckResult result = GuardedBudgetCheck.check(
                settings.redis(),
                request,
                !noReserve,
                open,
                settings.budgetCheckTimeout(),
                settings.budgetReservationTtl(),
                Clock.systemUTC());
        render(result);
        return exitCode(result.decision());
    }

    public static int exitCode(Decision decision) {
        return switch (decision) {
            case ALLOW -> ExitCode.OK;
            case WARN -> ExitCode.BUDGET_WARN;
            case DOWNGRADE -> ExitCode.BUDGET_DOWNGRADE;
            case PAUSE -> ExitCode.BUDGET_PAUSE;
            case REQUIRE_APPROVAL -> ExitCode.BUDGET_REQUIRE_APPROVAL;
        };
    }

    private void render(CheckResult result) {
        Instant now = Instant.now();
        ZoneId zone = result.timeZone();
        if (output.format() == OutputFormat.json || output.format() == OutputFormat.yaml) {
            Documents.render(document(result, zone, now), output.format(), out());
        } else if (output.format() == OutputFormat.csv) {
            output.render(BudgetTables.usage(result.budgets(), zone, now, true), out());
        } else {
            out().println(result.decision().cliName() + (result.downgradeTo() == null ? "" : " " + result.downgradeTo())
                    + ": " + result.reason());
            if (!result.checked()) {
                err().println("warning: budgets were not checked (Redis did not answer); policy " + result.policy());
            }
            result.override()
                    .ifPresent(o -> out().println("override: " + o.scope() + " lifted until " + o.until() + " by "
                            + o.actor() + ": " + o.reason()));
            if (result.reserved()) {
                out().println("reserved: " + result.reservationId() + " until " + result.reservedUntil());
            }
            if (!result.budgets().isEmpty()) {
                out().println();
                output.render(BudgetTables.usage(result.budgets(), zone, now, true), out());
            }
        }
        out().flush();
        err().flush();
    }

    /** The {@code -o json} document (also the body {@code somactl serve} answers a check with). */
    public static Map<String, Object> document(CheckResult result, ZoneId zone, Instant now) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("decision", result.decision().cliName());
        document.put("proceed", result.decision().proceeds());
        document.put("downgrade_to", result.downgradeTo());
        document.put("reason", result.reason());
        document.put("tenant", result.request().tenant());
        document.put("persona", result.request().persona());
        document.put("checked", result.checked());
        document.put("redis_unavailable_policy", result.checked() ? null : result.policy());
        document.put("problem", result.checked() ? null : result.problem());
        document.put("reserved", result.reserved());
        document.put("reservation_id", result.reservationId());
        document.put(
                "reserved_until",
                result.reservedUntil() == null ? null : result.reservedUntil().toString());
        document.put(
                "override", result.override().map(BudgetShowCommand::override).orElse(null));
        document.put(
                "budgets",
                result.budgets().stream()
                        .map(b -> BudgetTables.object(b, zone, now))
                        .toList());
        return document;
    }
}
