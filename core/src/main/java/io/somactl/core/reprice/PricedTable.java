package io.somactl.core.reprice;

import io.somactl.core.pricing.EscalationCost;
import io.somactl.core.pricing.EscalationUsage;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.SlmCost;
import io.somactl.core.pricing.SlmUsage;
import io.somactl.core.pricing.UsageConvention;
import io.somactl.core.pricing.VoiceCost;
import io.somactl.core.pricing.VoiceTurnUsage;
import io.somactl.core.rollup.RollupSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The three base tables whose rows carry a cost, how a stored row is read back and priced again with
 * the public {@link Pricer} API (the one ingest prices with), and the rollup each one feeds.
 *
 * <p>Token columns hold the billed disjoint classes (see {@code schemas/README.md}), so a row is priced
 * as the event its model's usage convention (in the new catalog) would have reported: cached tokens
 * put back inside the input, reasoning inside the output, where that convention counts them so. The
 * convention then splits them into the same classes again, and the row's tokens stay as they are.
 */
public enum PricedTable {
    SLM(
            "slm_metrics",
            "model_id",
            "",
            RollupSource.SLM,
            List.of(
                    "cost_input_usd",
                    "cost_cached_read_usd",
                    "cost_cached_write_usd",
                    "cost_output_usd",
                    "cost_reasoning_usd",
                    "cost_gpu_usd",
                    "cost_usd"),
            List.of(
                    "deployment_mode",
                    "input_tokens",
                    "cached_input_read_tokens",
                    "cached_input_write_tokens",
                    "output_tokens",
                    "reasoning_tokens",
                    "toString(gpu_seconds)")),
    ESCALATION(
            "escalation_metrics",
            "oss_model_id",
            "",
            RollupSource.ESCALATION,
            List.of("cost_input_usd", "cost_output_usd", "cost_reasoning_usd", "cost_usd"),
            List.of("input_tokens", "output_tokens", "reasoning_tokens")),
    VOICE(
            "conversation_metrics",
            "'voice'",
            "channel = 'voice'",
            RollupSource.VOICE,
            List.of("cost_stt_usd", "cost_llm_usd", "cost_tts_usd", "cost_media_usd", "cost_usd"),
            List.of(
                    "toString(stt_seconds)",
                    "input_tokens",
                    "output_tokens",
                    "tts_characters",
                    "toString(media_seconds)"));

    private final String table;
    private final String modelExpression;
    private final String filter;
    private final RollupSource rollup;
    private final List<String> costColumns;
    private final List<String> usageColumns;

    PricedTable(
            String table,
            String modelExpression,
            String filter,
            RollupSource rollup,
            List<String> costColumns,
            List<String> usageColumns) {
        this.table = table;
        this.modelExpression = modelExpression;
        this.filter = filter;
        this.rollup = rollup;
        this.costColumns = costColumns;
        this.usageColumns = usageColumns;
    }

    public String table() {
        return table;
    }

    /** The model a row's cost is for, as SQL (voice turns are the model {@code voice}, as in billing). */
    public String modelExpression() {
        return modelExpression;
    }

    /** Rows of the table that are priced (voice turns only), or empty. */
    public String filter() {
        return filter;
    }

    public RollupSource rollup() {
        return rollup;
    }

    /** The cost columns in the order {@link #price} returns them; the last is the total {@code cost_usd}. */
    public List<String> costColumns() {
        return costColumns;
    }

    /** The columns (SQL expressions) {@link #price} reads, in order. */
    public List<String> usageColumns() {
        return usageColumns;
    }

    /** Whether the rollup of this table has a model column (voice turns' rollup has not). */
    public boolean rollupHasModel() {
        return this != VOICE;
    }

    /** New cost columns of a stored row and the catalog version, priced as ingest prices the event. */
    public record Costs(List<BigDecimal> columns, String version) {
        public BigDecimal total() {
            return columns.get(columns.size() - 1);
        }
    }

    /**
     * Prices a stored row again.
     *
     * @param usage the values of {@link #usageColumns} as ClickHouse wrote them ({@code null} for NULL)
     * @throws io.somactl.core.pricing.UnpricedEventException when the catalog cannot price it
     */
    public Costs price(Pricer pricer, String tenant, String model, Instant ts, List<String> usage) {
        return switch (this) {
            case SLM -> {
                long input = count(usage.get(1));
                long cachedRead = count(usage.get(2));
                long cachedWrite = count(usage.get(3));
                long output = count(usage.get(4));
                long reasoning = count(usage.get(5));
                UsageConvention c = pricer.convention(model, ts);
                SlmCost cost = pricer.price(new SlmUsage(
                        tenant,
                        model,
                        usage.get(0),
                        ts,
                        c.cacheInsideInput() ? input + cachedRead + cachedWrite : input,
                        cachedRead,
                        cachedWrite,
                        c.reasoningInsideOutput() ? output + reasoning : output,
                        reasoning,
                        decimal(usage.get(6))));
                yield new Costs(
                        List.of(
                                cost.input(),
                                cost.cachedRead(),
                                cost.cachedWrite(),
                                cost.output(),
                                cost.reasoning(),
                                cost.gpu(),
                                cost.total()),
                        cost.pricingVersion());
            }
            case ESCALATION -> {
                long input = count(usage.get(0));
                long output = count(usage.get(1));
                long reasoning = count(usage.get(2));
                UsageConvention c = pricer.convention(model, ts);
                EscalationCost cost = pricer.price(new EscalationUsage(
                        tenant, model, ts, input, c.reasoningInsideOutput() ? output + reasoning : output, reasoning));
                yield new Costs(
                        List.of(cost.input(), cost.output(), cost.reasoning(), cost.total()), cost.pricingVersion());
            }
            case VOICE -> {
                VoiceCost cost = pricer.price(new VoiceTurnUsage(
                        tenant,
                        ts,
                        decimal(usage.get(0)),
                        count(usage.get(1)),
                        count(usage.get(2)),
                        count(usage.get(3)),
                        decimal(usage.get(4))));
                yield new Costs(
                        List.of(cost.stt(), cost.llm(), cost.tts(), cost.media(), cost.total()), cost.pricingVersion());
            }
        };
    }

    private static long count(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    private static BigDecimal decimal(String value) {
        return value == null ? BigDecimal.ZERO : new BigDecimal(value);
    }
}
