package io.somactl.commands;

import io.somactl.commands.support.Cell;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PricingOptions;
import io.somactl.commands.support.SomactlCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TenantOption;
import io.somactl.core.pricing.Money;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.pricing.SlmCost;
import io.somactl.core.pricing.SlmUsage;
import io.somactl.core.pricing.UnpricedEventException;
import io.somactl.core.pricing.VoiceCallEstimate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "estimate",
        description = {
            "Price a workload with the catalog: a model request (--model and token counts) or a voice call (--voice).",
            "Costs are shown in cents; -o json|yaml|csv adds EXACT, the unrounded amount (12 decimal places).",
            "--call-minutes M is a shortcut for --media-seconds and --stt-seconds of M*60 (the whole call is"
                    + " transported and transcribed); either can still be given to override it."
        })
public final class CostEstimateCommand extends SomactlCommand {
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    @Mixin
    private PricingOptions pricing;

    @Mixin
    private OutputOptions output;

    @Option(
            names = "--at",
            paramLabel = "TIME",
            description = "Price with the catalog entries in effect at this time (default: now).")
    private String at;

    @Mixin
    private TenantOption tenantOption;

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            description = "Model to price (e.g. soma-slm-8b; see 'somactl cost show').")
    private String model;

    @Option(
            names = "--input-tokens",
            paramLabel = "N",
            description =
                    "Input (prompt) tokens as the model's provider reports them: with or without the cached ones per its usage_convention (docs/pricing.md).")
    private Long inputTokens;

    @Option(names = "--output-tokens", paramLabel = "N", description = "Generated tokens.")
    private Long outputTokens;

    @Option(names = "--cached-read-tokens", paramLabel = "N", description = "Prompt tokens read from the cache.")
    private Long cachedReadTokens;

    @Option(names = "--cached-write-tokens", paramLabel = "N", description = "Prompt tokens written to the cache.")
    private Long cachedWriteTokens;

    @Option(names = "--reasoning-tokens", paramLabel = "N", description = "Hidden reasoning tokens (billed as output).")
    private Long reasoningTokens;

    @Option(
            names = "--gpu-seconds",
            paramLabel = "SECONDS",
            description = "GPU time, priced at the deployment mode's hourly rate.")
    private BigDecimal gpuSeconds;

    @Option(
            names = "--deployment-mode",
            paramLabel = "MODE",
            completionCandidates = DeploymentModes.class,
            description =
                    "Deployment mode: ${COMPLETION-CANDIDATES} (default: self_hosted with --gpu-seconds, else hosted: a provider's API, tokens only).")
    private String deploymentMode;

    @Option(names = "--voice", description = "Estimate a voice call instead (STT, LLM, TTS, media).")
    private boolean voice;

    @Option(names = "--stt-seconds", paramLabel = "SECONDS", description = "Seconds of audio transcribed.")
    private BigDecimal sttSeconds;

    @Option(names = "--tts-characters", paramLabel = "N", description = "Characters synthesised.")
    private Long ttsCharacters;

    @Option(names = "--llm-input-tokens", paramLabel = "N", description = "Voice LLM input tokens.")
    private Long llmInputTokens;

    @Option(names = "--llm-output-tokens", paramLabel = "N", description = "Voice LLM output tokens.")
    private Long llmOutputTokens;

    @Option(
            names = "--media-seconds",
            paramLabel = "SECONDS",
            description = "Seconds of media transport (the call's length).")
    private BigDecimal mediaSeconds;

    @Option(
            names = "--call-minutes",
            paramLabel = "MINUTES",
            description = "Call length: media and STT seconds = MINUTES*60 unless given.")
    private BigDecimal callMinutes;

    @Override
    public Integer call() {
        checkMode();
        PricingCatalog catalog = pricing.catalog();
        Instant when = at == null ? Instant.now() : PricingOptions.instant(spec, "--at", at);
        String who = tenantOption.value() == null ? "" : tenantOption.value();
        Pricer pricer = catalog.pricer();
        List<BigDecimal> totals = new ArrayList<>();
        Table table;
        try {
            table = voice ? voiceCall(pricer, who, when, totals) : modelRequest(pricer, who, when, totals);
        } catch (UnpricedEventException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    e.getMessage() + " (catalog models: " + String.join(", ", catalog.modelIds()) + "; GPU modes: "
                            + String.join(", ", catalog.gpu().keySet()) + ")");
        }
        output.render(table, out());
        err().println("priced at " + when + " with pricing catalog " + catalog.version()
                + (tenantOption.value() == null ? ", list prices" : ", terms of tenant " + tenantOption.value()));
        BigDecimal total = totals.get(0);
        if (output.format() == OutputFormat.table
                && total.signum() != 0
                && Money.present(total).signum() == 0) {
            err().println("the total is under a cent: " + total.toPlainString()
                    + " USD exactly (-o json shows every exact amount)");
        }
        err().flush();
        return ExitCode.OK;
    }

    private Table modelRequest(Pricer pricer, String who, Instant when, List<BigDecimal> totals) {
        String mode = deploymentMode != null ? deploymentMode : gpuSeconds != null ? "self_hosted" : Pricer.HOSTED;
        SlmUsage usage = new SlmUsage(
                who,
                model,
                mode,
                when,
                count("--input-tokens", inputTokens),
                count("--cached-read-tokens", cachedReadTokens),
                count("--cached-write-tokens", cachedWriteTokens),
                count("--output-tokens", outputTokens),
                count("--reasoning-tokens", reasoningTokens),
                quantity("--gpu-seconds", gpuSeconds));
        SlmCost cost = pricer.price(usage);
        Amounts table = new Amounts(false);
        // The billed classes: counts given as the provider reports them are split by the model's usage convention.
        table.add("input", cost.billed().input(), "tokens", cost.input(), null);
        table.add("cached_read", cost.billed().cachedRead(), "tokens", cost.cachedRead(), null);
        table.add("cached_write", cost.billed().cachedWrite(), "tokens", cost.cachedWrite(), null);
        table.add("output", cost.billed().output(), "tokens", cost.output(), null);
        table.add("reasoning", cost.billed().reasoning(), "tokens", cost.reasoning(), null);
        table.add("gpu", usage.gpuSeconds(), "seconds (" + mode + ")", cost.gpu(), null);
        table.add("total", null, "USD", cost.total(), null);
        totals.add(cost.total());
        return table.table;
    }

    private Table voiceCall(Pricer pricer, String who, Instant when, List<BigDecimal> totals) {
        BigDecimal callSeconds = callMinutes == null
                ? null
                : quantity("--call-minutes", callMinutes).multiply(SIXTY);
        BigDecimal stt = sttSeconds != null ? quantity("--stt-seconds", sttSeconds) : orZero(callSeconds);
        BigDecimal media = mediaSeconds != null ? quantity("--media-seconds", mediaSeconds) : orZero(callSeconds);
        long in = count("--llm-input-tokens", llmInputTokens);
        long out = count("--llm-output-tokens", llmOutputTokens);
        long characters = count("--tts-characters", ttsCharacters);
        VoiceCallEstimate estimate = VoiceCallEstimate.of(pricer, who, when, stt, in, out, characters, media);
        Amounts table = new Amounts(true);
        for (VoiceCallEstimate.Line line : estimate.breakdown()) {
            Object quantity = switch (line.component()) {
                case "stt" -> stt;
                case "llm" -> in + " in / " + out + " out";
                case "tts" -> characters;
                default -> media;
            };
            String unit = switch (line.component()) {
                case "stt", "media" -> "seconds";
                case "llm" -> "tokens";
                default -> "characters";
            };
            table.add(line.component(), quantity, unit, line.cost(), line.sharePercent());
        }
        table.add("total", null, "USD", estimate.total(), new BigDecimal("100.0"));
        estimate.costPerMinute()
                .ifPresent(perMinute -> table.table.row(
                        table.cells("per_minute", minutes(media), "USD per minute of call", perMinute, null, null)));
        totals.add(estimate.total());
        return table.table;
    }

    /** The estimate's rows: cents everywhere; the exact amount too in the formats scripts read. */
    private final class Amounts {
        final boolean share;
        final boolean exact = output.format() != OutputFormat.table;
        final Table table;

        Amounts(boolean share) {
            this.share = share;
            List<String> columns = new ArrayList<>(List.of("component", "quantity", "unit", "cost"));
            if (share) {
                columns.add("share_percent");
            }
            if (exact) {
                columns.add("exact");
            }
            table = Table.withColumns(columns.toArray(String[]::new));
        }

        void add(String component, Object quantity, String unit, BigDecimal amount, BigDecimal sharePercent) {
            table.row(cells(component, quantity, unit, Money.present(amount), sharePercent, amount));
        }

        Object[] cells(
                String component,
                Object quantity,
                String unit,
                BigDecimal cents,
                BigDecimal sharePercent,
                BigDecimal exactAmount) {
            List<Object> cells = new ArrayList<>();
            cells.add(component);
            cells.add(quantity instanceof BigDecimal decimal ? Cell.decimal(decimal) : quantity);
            cells.add(unit);
            cells.add(Cell.decimal(cents));
            if (share) {
                cells.add(Cell.decimal(sharePercent));
            }
            if (exact) {
                cells.add(Cell.decimal(exactAmount));
            }
            return cells.toArray();
        }
    }

    private void checkMode() {
        List<String> tokenOptions = new ArrayList<>();
        addIfSet(tokenOptions, "--model", model);
        addIfSet(tokenOptions, "--input-tokens", inputTokens);
        addIfSet(tokenOptions, "--output-tokens", outputTokens);
        addIfSet(tokenOptions, "--cached-read-tokens", cachedReadTokens);
        addIfSet(tokenOptions, "--cached-write-tokens", cachedWriteTokens);
        addIfSet(tokenOptions, "--reasoning-tokens", reasoningTokens);
        addIfSet(tokenOptions, "--gpu-seconds", gpuSeconds);
        addIfSet(tokenOptions, "--deployment-mode", deploymentMode);
        List<String> voiceOptions = new ArrayList<>();
        addIfSet(voiceOptions, "--stt-seconds", sttSeconds);
        addIfSet(voiceOptions, "--tts-characters", ttsCharacters);
        addIfSet(voiceOptions, "--llm-input-tokens", llmInputTokens);
        addIfSet(voiceOptions, "--llm-output-tokens", llmOutputTokens);
        addIfSet(voiceOptions, "--media-seconds", mediaSeconds);
        addIfSet(voiceOptions, "--call-minutes", callMinutes);
        if (voice && !tokenOptions.isEmpty()) {
            throw usage("--voice estimates a call, so it cannot take " + String.join(", ", tokenOptions)
                    + " (for a model request); describe the call with --stt-seconds, --tts-characters,"
                    + " --llm-input-tokens, --llm-output-tokens, --media-seconds or --call-minutes");
        }
        if (!voice && !voiceOptions.isEmpty()) {
            throw usage(
                    "add --voice to estimate a call (" + String.join(", ", voiceOptions) + " describe a voice call)");
        }
        if (!voice && model == null) {
            throw usage("say what to price: --model MODEL with token counts, or --voice with the call's figures");
        }
    }

    private static void addIfSet(List<String> names, String name, Object value) {
        if (value != null) {
            names.add(name);
        }
    }

    private long count(String option, Long value) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw usage(option + " must be 0 or more, not " + value);
        }
        return value;
    }

    private BigDecimal quantity(String option, BigDecimal value) {
        if (value == null) {
            return BigDecimal.ZERO;
        }
        if (value.signum() < 0) {
            throw usage(option + " must be 0 or more, not " + value.toPlainString());
        }
        return value;
    }

    /** The call's length in minutes, for display: exact when it is, else to 4 places. */
    private static BigDecimal minutes(BigDecimal seconds) {
        BigDecimal minutes = seconds.divide(SIXTY, 4, Money.ROUNDING).stripTrailingZeros();
        return minutes.scale() < 0 ? minutes.setScale(0) : minutes;
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Completion candidates for --deployment-mode: the bundled catalog's GPU modes. */
    public static final class DeploymentModes implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            java.util.List<String> modes =
                    new java.util.ArrayList<>(PricingCatalog.loadBundled().gpu().keySet());
            modes.add(0, Pricer.HOSTED);
            return modes.iterator();
        }
    }
}
