package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Prices usage events with one {@link PricingCatalog}. Immutable and thread-safe: all per-unit rates
 * (including tenant-discounted ones) are precomputed as exact {@link BigDecimal}s at construction,
 * and periods are found by binary search.
 *
 * <p>Rounding rule: each component cost of an event is computed exactly and quantized once to
 * {@link Money#STORAGE_SCALE} decimals (HALF_EVEN); the total is the exact sum of the quantized
 * components. All results have scale {@link Money#STORAGE_SCALE}.
 */
public final class Pricer {
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private static final BigDecimal SECONDS_PER_MINUTE = BigDecimal.valueOf(60);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** The deployment mode of a provider's API: priced by its tokens only, never by GPU time. */
    public static final String HOSTED = "hosted";

    private final String version;
    private final Map<String, Timeline<ModelRates>> models = new HashMap<>();
    private final Map<String, Timeline<DividedRate>> gpu = new HashMap<>();
    private final Timeline<VoiceRates> voice;
    private final Map<String, Timeline<TenantTerms>> tenants = new HashMap<>();

    public Pricer(PricingCatalog catalog) {
        this.version = catalog.version();
        catalog.models().forEach((id, periods) -> models.put(id, Timeline.of(
                periods, ModelPricePeriod::effectiveFrom, p -> ModelRates.of(p.prices(), null, p.convention()))));
        catalog.gpu().forEach((mode, periods) -> gpu.put(mode, Timeline.of(
                periods, GpuPricePeriod::effectiveFrom, p -> new DividedRate(p.perHour(), SECONDS_PER_HOUR))));
        this.voice = Timeline.of(catalog.voice(), VoicePricePeriod::effectiveFrom, p -> VoiceRates.of(p, null));
        catalog.tenants().forEach((tenant, periods) -> tenants.put(tenant, Timeline.of(
                periods, TenantOverridePeriod::effectiveFrom, p -> TenantTerms.of(p, catalog))));
    }

    /** The catalog version recorded with every result. */
    public String version() {
        return version;
    }

    /**
     * Prices one SLM request: tokens at the model's period (and tier) in effect at {@code ts}, plus
     * GPU seconds at the deployment mode's hourly price in effect at {@code ts}.
     *
     * @throws UnpricedEventException unknown model or deployment mode, or {@code ts} before their first period
     */
    public SlmCost price(SlmUsage u) {
        Timeline<ModelRates> modelTimeline = modelTimeline(u.modelId(), u.ts());
        int mi = modelIndex(modelTimeline, u.modelId(), u.ts());
        ModelRates list = modelTimeline.value(mi);
        BilledTokens b = bill(list.convention, u.modelId(), u.ts(), u.inputTokens(), u.cachedReadTokens(),
                u.cachedWriteTokens(), u.outputTokens(), u.reasoningTokens());
        TenantTerms terms = terms(u.tenant(), u.ts());
        BigDecimal gpuCost;
        if (HOSTED.equals(u.deploymentMode())) {
            gpuCost = Money.ZERO; // a provider's API: its token prices are the whole bill
        } else {
            Timeline<DividedRate> gpuTimeline = gpu.get(u.deploymentMode());
            if (gpuTimeline == null) {
                throw new UnpricedEventException(UnpricedEventException.Reason.UNKNOWN_DEPLOYMENT_MODE,
                        u.deploymentMode(), u.ts(),
                        "unknown deployment mode '" + u.deploymentMode() + "' for GPU pricing (model '" + u.modelId()
                                + "' at " + u.ts() + "): not in the gpu section of pricing catalog " + version);
            }
            int gi = gpuTimeline.indexAt(u.ts());
            if (gi < 0) {
                throw new UnpricedEventException(UnpricedEventException.Reason.BEFORE_FIRST_PRICE,
                        u.deploymentMode(), u.ts(),
                        "no GPU price for deployment mode '" + u.deploymentMode() + "' at " + u.ts()
                                + ": its first price period starts " + gpuTimeline.first()
                                + " (pricing catalog " + version + ")");
            }
            DividedRate gpuRate = terms == null
                    ? gpuTimeline.value(gi)
                    : terms.gpuRate(u.deploymentMode(), gi, gpuTimeline.value(gi));
            gpuCost = gpuRate.times(u.gpuSeconds());
        }
        ModelRates modelRates = terms == null ? list : terms.modelRates(u.modelId(), mi, list);

        TokenRates r = modelRates.forContext(b.context());
        BigDecimal input = r.input.times(b.input());
        BigDecimal cachedRead = r.cachedRead.times(b.cachedRead());
        BigDecimal cachedWrite = r.cachedWrite.times(b.cachedWrite());
        BigDecimal output = r.output.times(b.output());
        BigDecimal reasoning = r.reasoning.times(b.reasoning());
        BigDecimal total = input.add(cachedRead).add(cachedWrite).add(output).add(reasoning).add(gpuCost);
        return new SlmCost(input, cachedRead, cachedWrite, output, reasoning, gpuCost, total, version, b);
    }

    /** The usage convention of the model's period in force at {@code ts}. */
    public UsageConvention convention(String modelId, Instant ts) {
        Timeline<ModelRates> t = modelTimeline(modelId, ts);
        return t.value(modelIndex(t, modelId, ts)).convention;
    }

    private BilledTokens bill(UsageConvention convention, String modelId, Instant ts,
                              long input, long cachedRead, long cachedWrite, long output, long reasoning) {
        String impossible = convention.impossibility(input, cachedRead, cachedWrite, output, reasoning);
        if (impossible != null) {
            throw new UnpricedEventException(UnpricedEventException.Reason.IMPOSSIBLE_USAGE, modelId, ts,
                    "impossible usage for model '" + modelId + "' at " + ts + ": " + impossible
                            + " (pricing catalog " + version + ")");
        }
        return convention.bill(input, cachedRead, cachedWrite, output, reasoning).orElseThrow();
    }

    /**
     * Prices one escalation to an open-weights model; its context for tier selection is its input tokens.
     *
     * @throws UnpricedEventException unknown model, or {@code ts} before the model's first period
     */
    public EscalationCost price(EscalationUsage u) {
        Timeline<ModelRates> modelTimeline = modelTimeline(u.ossModelId(), u.ts());
        int mi = modelIndex(modelTimeline, u.ossModelId(), u.ts());
        ModelRates list = modelTimeline.value(mi);
        BilledTokens b = bill(list.convention, u.ossModelId(), u.ts(), u.input(), 0, 0, u.output(), u.reasoning());
        TenantTerms terms = terms(u.tenant(), u.ts());
        ModelRates modelRates = terms == null ? list : terms.modelRates(u.ossModelId(), mi, list);
        TokenRates r = modelRates.forContext(b.input());
        BigDecimal input = r.input.times(b.input());
        BigDecimal output = r.output.times(b.output());
        BigDecimal reasoning = r.reasoning.times(b.reasoning());
        return new EscalationCost(input, output, reasoning, input.add(output).add(reasoning), version, b);
    }

    /**
     * Prices one voice turn at the voice rates in effect at {@code ts}.
     *
     * @throws UnpricedEventException the catalog has no voice rates, or {@code ts} is before the first period
     */
    public VoiceCost price(VoiceTurnUsage u) {
        if (voice.isEmpty()) {
            throw new UnpricedEventException(UnpricedEventException.Reason.NO_VOICE_RATES, "voice", u.ts(),
                    "no voice rates in pricing catalog " + version + " (voice turn at " + u.ts() + ")");
        }
        int vi = voice.indexAt(u.ts());
        if (vi < 0) {
            throw new UnpricedEventException(UnpricedEventException.Reason.BEFORE_FIRST_PRICE, "voice", u.ts(),
                    "no voice rates at " + u.ts() + ": the first voice period starts " + voice.first()
                            + " (pricing catalog " + version + ")");
        }
        TenantTerms terms = terms(u.tenant(), u.ts());
        VoiceRates r = terms == null ? voice.value(vi) : terms.voiceRates(vi, voice.value(vi));
        BigDecimal stt = r.stt.times(u.sttSeconds());
        BigDecimal llm = UnitRate.timesSum(r.llmInput, u.llmInputTokens(), r.llmOutput, u.llmOutputTokens());
        BigDecimal tts = r.tts.times(u.ttsCharacters());
        BigDecimal media = r.media.times(u.mediaSeconds());
        return new VoiceCost(stt, llm, tts, media, stt.add(llm).add(tts).add(media), version);
    }

    /**
     * Prices a whole voice call from its totals, as one connection: like {@link #price(VoiceTurnUsage)},
     * but media seconds are first rounded the way the media vendor bills a connection
     * ({@code media_rounding}, e.g. LiveKit's started minutes).
     */
    public VoiceCost priceCall(VoiceTurnUsage call) {
        if (voice.isEmpty()) {
            return price(call); // throws: no voice rates
        }
        int vi = voice.indexAt(call.ts());
        if (vi < 0 || voice.value(vi).rounding != VoicePricePeriod.MediaRounding.PER_STARTED_MINUTE) {
            return price(call);
        }
        BigDecimal minutes = call.mediaSeconds().divide(SECONDS_PER_MINUTE, 0, java.math.RoundingMode.CEILING);
        return price(new VoiceTurnUsage(call.tenant(), call.ts(), call.sttSeconds(), call.llmInputTokens(),
                call.llmOutputTokens(), call.ttsCharacters(), minutes.multiply(SECONDS_PER_MINUTE)));
    }

    private Timeline<ModelRates> modelTimeline(String modelId, Instant ts) {
        Timeline<ModelRates> t = models.get(modelId);
        if (t == null) {
            throw new UnpricedEventException(UnpricedEventException.Reason.UNKNOWN_MODEL, modelId, ts,
                    "unknown model '" + modelId + "' (event at " + ts + "): not in pricing catalog " + version);
        }
        return t;
    }

    private int modelIndex(Timeline<ModelRates> t, String modelId, Instant ts) {
        int i = t.indexAt(ts);
        if (i < 0) {
            throw new UnpricedEventException(UnpricedEventException.Reason.BEFORE_FIRST_PRICE, modelId, ts,
                    "no price for model '" + modelId + "' at " + ts + ": its first price period starts "
                            + t.first() + " (pricing catalog " + version + ")");
        }
        return i;
    }

    private TenantTerms terms(String tenant, Instant ts) {
        Timeline<TenantTerms> t = tenants.get(tenant);
        if (t == null) {
            return null;
        }
        int i = t.indexAt(ts);
        return i < 0 ? null : t.value(i);
    }

    // ---- precomputed rates ----------------------------------------------------------------

    /** Values by start instant; {@link #indexAt} finds the latest start {@code <= ts}. */
    private static final class Timeline<T> {
        private final Instant[] starts;
        private final Object[] values;

        private Timeline(Instant[] starts, Object[] values) {
            this.starts = starts;
            this.values = values;
        }

        static <P, T> Timeline<T> of(List<P> sortedPeriods, Function<P, Instant> start, Function<P, T> value) {
            Instant[] starts = new Instant[sortedPeriods.size()];
            Object[] values = new Object[sortedPeriods.size()];
            for (int i = 0; i < starts.length; i++) {
                starts[i] = start.apply(sortedPeriods.get(i));
                values[i] = value.apply(sortedPeriods.get(i));
            }
            return new Timeline<>(starts, values);
        }

        /** Index of the latest period starting at or before {@code ts}, or -1 if none. */
        int indexAt(Instant ts) {
            int i = Arrays.binarySearch(starts, ts);
            return i >= 0 ? i : -i - 2;
        }

        @SuppressWarnings("unchecked")
        T value(int i) {
            return (T) values[i];
        }

        Instant first() {
            return starts[0];
        }

        boolean isEmpty() {
            return starts.length == 0;
        }
    }

    /**
     * An exact per-unit rate. {@link #times(long)} takes a long fast path when the rate is a whole
     * number of 1e-12 USD (always, for catalog prices with at most 6 decimals per 1M tokens).
     */
    static final class UnitRate {
        final BigDecimal perUnit;
        private final long unscaled12;
        private final boolean fast;

        UnitRate(BigDecimal perUnit) {
            this.perUnit = perUnit;
            long u = 0;
            boolean f = false;
            if (perUnit.stripTrailingZeros().scale() <= Money.STORAGE_SCALE) {
                try {
                    u = perUnit.setScale(Money.STORAGE_SCALE).unscaledValue().longValueExact();
                    f = true;
                } catch (ArithmeticException tooLarge) {
                    f = false;
                }
            }
            this.unscaled12 = u;
            this.fast = f;
        }

        UnitRate scaled(BigDecimal factor) {
            return new UnitRate(perUnit.multiply(factor));
        }

        BigDecimal times(long quantity) {
            if (quantity == 0) {
                return Money.ZERO;
            }
            if (fast) {
                long hi = Math.multiplyHigh(quantity, unscaled12);
                long lo = quantity * unscaled12;
                if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
                    return BigDecimal.valueOf(lo, Money.STORAGE_SCALE);
                }
            }
            return Money.quantize(perUnit.multiply(BigDecimal.valueOf(quantity)));
        }

        BigDecimal times(BigDecimal quantity) {
            return Money.quantize(perUnit.multiply(quantity));
        }

        /** {@code a.perUnit * qa + b.perUnit * qb}, summed exactly and quantized once. */
        static BigDecimal timesSum(UnitRate a, long qa, UnitRate b, long qb) {
            if (a.fast && b.fast) {
                try {
                    long sum = Math.addExact(Math.multiplyExact(qa, a.unscaled12), Math.multiplyExact(qb, b.unscaled12));
                    return BigDecimal.valueOf(sum, Money.STORAGE_SCALE);
                } catch (ArithmeticException overflow) {
                    // fall through to the exact BigDecimal path
                }
            }
            return Money.quantize(a.perUnit.multiply(BigDecimal.valueOf(qa))
                    .add(b.perUnit.multiply(BigDecimal.valueOf(qb))));
        }
    }

    /** {@code quantity * numerator / divisor} as one exact quotient, quantized once (per-hour, per-minute). */
    static final class DividedRate {
        private final BigDecimal numerator;
        private final BigDecimal divisor;

        DividedRate(BigDecimal numerator, BigDecimal divisor) {
            this.numerator = numerator;
            this.divisor = divisor;
        }

        DividedRate scaled(BigDecimal factor) {
            return new DividedRate(numerator.multiply(factor), divisor);
        }

        BigDecimal times(BigDecimal quantity) {
            if (quantity.signum() == 0) {
                return Money.ZERO;
            }
            return quantity.multiply(numerator).divide(divisor, Money.STORAGE_SCALE, Money.ROUNDING);
        }
    }

    /** Per-token rates of the five token classes. */
    static final class TokenRates {
        final UnitRate input;
        final UnitRate cachedRead;
        final UnitRate cachedWrite;
        final UnitRate output;
        final UnitRate reasoning;

        TokenRates(TokenPrices perMillion, BigDecimal factor) {
            this.input = rate(perMillion.input(), factor);
            this.cachedRead = rate(perMillion.cachedInputRead(), factor);
            this.cachedWrite = rate(perMillion.cachedInputWrite(), factor);
            this.output = rate(perMillion.output(), factor);
            this.reasoning = rate(perMillion.reasoning(), factor);
        }

        private static UnitRate rate(BigDecimal perMillion, BigDecimal factor) {
            BigDecimal perToken = perMillion.movePointLeft(6);
            return new UnitRate(factor == null ? perToken : perToken.multiply(factor));
        }
    }

    /** Base rates plus tiers (thresholds ascending). */
    static final class ModelRates {
        private final TokenRates base;
        private final long[] thresholds;
        private final TokenRates[] tierRates;
        /** The list period's convention (custom tenant rates keep the list model's). */
        final UsageConvention convention;

        private ModelRates(TokenRates base, long[] thresholds, TokenRates[] tierRates, UsageConvention convention) {
            this.base = base;
            this.thresholds = thresholds;
            this.tierRates = tierRates;
            this.convention = convention;
        }

        static ModelRates of(ModelPrices prices, BigDecimal factor, UsageConvention convention) {
            List<ContextTier> tiers = prices.tiers();
            long[] thresholds = new long[tiers.size()];
            TokenRates[] rates = new TokenRates[tiers.size()];
            for (int i = 0; i < thresholds.length; i++) {
                thresholds[i] = tiers.get(i).aboveContextTokens();
                rates[i] = new TokenRates(tiers.get(i).prices(), factor);
            }
            return new ModelRates(new TokenRates(prices.base(), factor), thresholds, rates, convention);
        }

        TokenRates forContext(long contextTokens) {
            for (int i = thresholds.length - 1; i >= 0; i--) {
                if (contextTokens > thresholds[i]) {
                    return tierRates[i];
                }
            }
            return base;
        }
    }

    /** Voice pipeline rates, per unit of usage. */
    static final class VoiceRates {
        final DividedRate stt;
        final UnitRate llmInput;
        final UnitRate llmOutput;
        final UnitRate tts;
        final DividedRate media;
        final VoicePricePeriod.MediaRounding rounding;

        private VoiceRates(DividedRate stt, UnitRate llmInput, UnitRate llmOutput, UnitRate tts, DividedRate media,
                           VoicePricePeriod.MediaRounding rounding) {
            this.stt = stt;
            this.llmInput = llmInput;
            this.llmOutput = llmOutput;
            this.tts = tts;
            this.media = media;
            this.rounding = rounding;
        }

        static VoiceRates of(VoicePricePeriod p, BigDecimal factor) {
            VoiceRates r = new VoiceRates(
                    new DividedRate(p.sttPrice(), BigDecimal.valueOf(p.sttUnit().seconds())),
                    new UnitRate(p.llmInputPerMillion().movePointLeft(6)),
                    new UnitRate(p.llmOutputPerMillion().movePointLeft(6)),
                    new UnitRate(p.ttsPerThousandCharacters().movePointLeft(3)),
                    new DividedRate(p.mediaPerMinute(), SECONDS_PER_MINUTE),
                    p.mediaRounding());
            return factor == null ? r : r.scaled(factor);
        }

        VoiceRates scaled(BigDecimal factor) {
            return new VoiceRates(stt.scaled(factor), llmInput.scaled(factor), llmOutput.scaled(factor),
                    tts.scaled(factor), media.scaled(factor), rounding);
        }
    }

    /**
     * One tenant override period, with every rate it changes precomputed: custom model rates
     * (never discounted), and for a discount, discounted copies of every list model period, GPU
     * period and (if the flag is set) voice period, aligned with the list timelines' indexes.
     */
    static final class TenantTerms {
        private final Map<String, ModelRates> custom = new HashMap<>();
        private final Map<String, ModelRates[]> discountedModels = new HashMap<>();
        private final Map<String, DividedRate[]> discountedGpu = new HashMap<>();
        private VoiceRates[] discountedVoice;

        static TenantTerms of(TenantOverridePeriod p, PricingCatalog catalog) {
            TenantTerms t = new TenantTerms();
            p.models().forEach((id, prices) -> t.custom.put(id, ModelRates.of(prices, null, null)));
            if (p.discountPercent() != null) {
                BigDecimal factor = HUNDRED.subtract(p.discountPercent()).movePointLeft(2);
                catalog.models().forEach((id, periods) -> t.discountedModels.put(id,
                        periods.stream().map(mp -> ModelRates.of(mp.prices(), factor, mp.convention()))
                                .toArray(ModelRates[]::new)));
                catalog.gpu().forEach((mode, periods) -> t.discountedGpu.put(mode, periods.stream()
                        .map(gp -> new DividedRate(gp.perHour().multiply(factor), SECONDS_PER_HOUR))
                        .toArray(DividedRate[]::new)));
                if (p.discountAppliesToVoice()) {
                    t.discountedVoice = catalog.voice().stream()
                            .map(vp -> VoiceRates.of(vp, factor)).toArray(VoiceRates[]::new);
                }
            }
            return t;
        }

        ModelRates modelRates(String modelId, int listIndex, ModelRates list) {
            ModelRates c = custom.get(modelId);
            if (c != null) {
                return c;
            }
            ModelRates[] d = discountedModels.get(modelId);
            return d == null ? list : d[listIndex];
        }

        DividedRate gpuRate(String mode, int listIndex, DividedRate list) {
            DividedRate[] d = discountedGpu.get(mode);
            return d == null ? list : d[listIndex];
        }

        VoiceRates voiceRates(int listIndex, VoiceRates list) {
            return discountedVoice == null ? list : discountedVoice[listIndex];
        }
    }
}
