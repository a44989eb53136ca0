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
        catalog.models()
                .forEach((id, periods) -> models.put(
                        id,
                        Timeline.of(
                                periods,
                                ModelPricePeriod::effectiveFrom,
                                p -> ModelRates.of(p.prices(), null, p.convention()))));
        catalog.gpu()
                .forEach((mode, periods) -> gpu.put(
                        mode,
                        Timeline.of(
                                periods,
                                GpuPricePeriod::effectiveFrom,
                                p -> new DividedRate(p.perHour(), SECONDS_PER_HOUR))));
        this.voice = Timeline.of(catalog.voice(), VoicePricePeriod::effectiveFrom, p -> VoiceRates.of(p, null));
        catalog.tenants()
                .forEach((tenant, periods) -> tenants.put(
                        tenant,
                        Timeline.of(periods, TenantOverridePeriod::effectiveFrom, p -> TenantTerms.of(p, catalog))));
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
        BilledTokens b = bill(
                list.convention,
                u.modelId(),
                u.ts(),
                u.inputTokens(),
                u.cachedReadTokens(),
                u.cachedWriteTokens(),
                u.outputTokens(),
                u.reasoningTokens());
        TenantTerms terms = terms(u.tenant(), u.ts());
        BigDecimal gpuCost;
        if (HOSTED.equals(u.deploymentMode())) {
            gpuCost = Money.ZERO; // a provider's API: its token prices are the whole bill
        } else {
            Timeline<DividedRate> gpuTimeline = gpu.get(u.deploymentMode());
            if (gpuTimeline == null) {
                throw new UnpricedEventException(
                        UnpricedEventException.Reason.UNKNOWN_DEPLOYMENT_MODE,
                        u.deploymentMode(),
                        u.ts(),
                        "unknown deployment mode '" + u.deploymentMode() + "' for GPU pricing (model '" + u.modelId()
                                + "' at " + u.ts() + "): not in the gpu section of pricing catalog " + version);
            }
            int gi = gpuTimeline.indexAt(u.ts());
            if (gi < 0) {
                throw new UnpricedEventException(
                        UnpricedEventException.Reason.BEFORE_FIRST_PRICE,
                        u.deploymentMode(),
                        u.ts(),
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
        BigDecimal total = input.add(cachedRead)
                .add(cachedWrite)
                .add(output)
                .add(reasoning)
                .add(gpuCost);
        return new SlmCost(input, cachedRead, cachedWrite, output, reasoning, gpuCost, total, version, b);
    }

    /**
     * One event's cost in pico-dollars (1e-12 USD: the unscaled value of a {@code Decimal(38,12)}
     * cost, {@link Money#STORAGE_SCALE}), and its billed tokens: a holder the caller reuses, so
     * that {@link #pricePico} makes no objects. For escalations the cached and GPU fields stay 0.
     */
    public static final class PicoCost {
        public long input;
        public long cachedRead;
        public long cachedWrite;
        public long output;
        public long reasoning;
        public long gpu;
        public long total;
        public long billedInput;
        public long billedCachedRead;
        public long billedCachedWrite;
        public long billedOutput;
        public long billedReasoning;

        /** All five billed token classes together. */
        public long billedTotal() {
            return billedInput + billedCachedRead + billedCachedWrite + billedOutput + billedReasoning;
        }
    }

    /** Counts above this are left to the exact path (so that sums of them cannot overflow a long). */
    private static final long FAST_COUNT_LIMIT = 1L << 52;

    /**
     * {@link #price(SlmUsage)} for ingest's per-event path, in longs: the same costs, each the
     * unscaled value of what {@link #price(SlmUsage)} returns (so bit-identical once scaled by
     * 1e-12), without a {@link BigDecimal} or any other object. {@code gpuSeconds} is
     * {@code gpuUnscaled * 10^-gpuScale} exactly.
     *
     * @return false when this path does not price the event (unknown model or deployment mode, a time
     *     before the first price, counts that are negative or impossible under the model's usage
     *     convention, an amount or rate a long cannot hold exactly): then {@link #price(SlmUsage)}
     *     gives the cost or the reason it cannot; {@code out} is then undefined
     */
    public boolean pricePico(
            String tenant,
            String modelId,
            String deploymentMode,
            long tsMillis,
            long input,
            long cachedRead,
            long cachedWrite,
            long output,
            long reasoning,
            long gpuUnscaled,
            int gpuScale,
            PicoCost out) {
        Timeline<ModelRates> modelTimeline = models.get(modelId);
        if (modelTimeline == null || !countsFit(input, cachedRead, cachedWrite, output, reasoning) || gpuUnscaled < 0) {
            return false;
        }
        int mi = modelTimeline.indexAtMillis(tsMillis);
        if (mi < 0) {
            return false;
        }
        ModelRates list = modelTimeline.value(mi);
        if (!bill(list.convention, input, cachedRead, cachedWrite, output, reasoning, out)) {
            return false;
        }
        TenantTerms terms = termsAtMillis(tenant, tsMillis);
        if (terms == TenantTerms.UNKNOWN) {
            return false;
        }
        long gpuCost;
        if (HOSTED.equals(deploymentMode)) {
            gpuCost = 0;
        } else {
            Timeline<DividedRate> gpuTimeline = gpu.get(deploymentMode);
            if (gpuTimeline == null) {
                return false;
            }
            int gi = gpuTimeline.indexAtMillis(tsMillis);
            if (gi < 0) {
                return false;
            }
            DividedRate gpuRate =
                    terms == null ? gpuTimeline.value(gi) : terms.gpuRate(deploymentMode, gi, gpuTimeline.value(gi));
            gpuCost = gpuRate.pico(gpuUnscaled, gpuScale);
            if (gpuCost == NO_PICO) {
                return false;
            }
        }
        ModelRates modelRates = terms == null ? list : terms.modelRates(modelId, mi, list);
        TokenRates r = modelRates.forContext(out.billedInput + out.billedCachedRead + out.billedCachedWrite);
        return tokens(r, out, gpuCost);
    }

    /**
     * {@link #price(EscalationUsage)} in longs, as {@link #pricePico} does for an SLM request;
     * false when this path does not price it (then {@link #price(EscalationUsage)} does).
     */
    public boolean pricePico(
            String tenant, String ossModelId, long tsMillis, long input, long output, long reasoning, PicoCost out) {
        Timeline<ModelRates> modelTimeline = models.get(ossModelId);
        if (modelTimeline == null || !countsFit(input, 0, 0, output, reasoning)) {
            return false;
        }
        int mi = modelTimeline.indexAtMillis(tsMillis);
        if (mi < 0) {
            return false;
        }
        ModelRates list = modelTimeline.value(mi);
        if (!bill(list.convention, input, 0, 0, output, reasoning, out)) {
            return false;
        }
        TenantTerms terms = termsAtMillis(tenant, tsMillis);
        if (terms == TenantTerms.UNKNOWN) {
            return false;
        }
        ModelRates modelRates = terms == null ? list : terms.modelRates(ossModelId, mi, list);
        return tokens(modelRates.forContext(out.billedInput), out, 0);
    }

    private static boolean countsFit(long input, long cachedRead, long cachedWrite, long output, long reasoning) {
        return input >= 0
                && input < FAST_COUNT_LIMIT
                && cachedRead >= 0
                && cachedRead < FAST_COUNT_LIMIT
                && cachedWrite >= 0
                && cachedWrite < FAST_COUNT_LIMIT
                && output >= 0
                && output < FAST_COUNT_LIMIT
                && reasoning >= 0
                && reasoning < FAST_COUNT_LIMIT;
    }

    /** {@link UsageConvention#bill} into {@code out}; false when the counts are impossible under it. */
    private static boolean bill(
            UsageConvention convention,
            long input,
            long cachedRead,
            long cachedWrite,
            long output,
            long reasoning,
            PicoCost out) {
        if (convention.impossibility(input, cachedRead, cachedWrite, output, reasoning) != null) {
            return false;
        }
        out.billedInput = convention.cacheInsideInput() ? input - cachedRead - cachedWrite : input;
        out.billedCachedRead = cachedRead;
        out.billedCachedWrite = cachedWrite;
        out.billedOutput = convention.reasoningInsideOutput() ? output - reasoning : output;
        out.billedReasoning = reasoning;
        return true;
    }

    /** The five token costs at {@code r}, plus {@code gpuCost}, into {@code out}; false on a long overflow. */
    private static boolean tokens(TokenRates r, PicoCost out, long gpuCost) {
        long input = r.input.pico(out.billedInput);
        long cachedRead = r.cachedRead.pico(out.billedCachedRead);
        long cachedWrite = r.cachedWrite.pico(out.billedCachedWrite);
        long output = r.output.pico(out.billedOutput);
        long reasoning = r.reasoning.pico(out.billedReasoning);
        if (input == NO_PICO
                || cachedRead == NO_PICO
                || cachedWrite == NO_PICO
                || output == NO_PICO
                || reasoning == NO_PICO) {
            return false;
        }
        long total = input + cachedRead; // each is >= 0 and < 2^63: a sum overflows into a negative number
        total = total < 0 ? -1 : total + cachedWrite;
        total = total < 0 ? -1 : total + output;
        total = total < 0 ? -1 : total + reasoning;
        total = total < 0 ? -1 : total + gpuCost;
        if (total < 0) {
            return false;
        }
        out.input = input;
        out.cachedRead = cachedRead;
        out.cachedWrite = cachedWrite;
        out.output = output;
        out.reasoning = reasoning;
        out.gpu = gpuCost;
        out.total = total;
        return true;
    }

    /** The tenant's terms at {@code tsMillis}, null for none, {@link TenantTerms#UNKNOWN} when millis cannot tell. */
    private TenantTerms termsAtMillis(String tenant, long tsMillis) {
        Timeline<TenantTerms> t = tenants.get(tenant);
        if (t == null) {
            return null;
        }
        if (!t.millisExact) {
            return TenantTerms.UNKNOWN;
        }
        int i = t.indexAtMillis(tsMillis);
        return i < 0 ? null : t.value(i);
    }

    /** The usage convention of the model's period in force at {@code ts}. */
    public UsageConvention convention(String modelId, Instant ts) {
        Timeline<ModelRates> t = modelTimeline(modelId, ts);
        return t.value(modelIndex(t, modelId, ts)).convention;
    }

    private BilledTokens bill(
            UsageConvention convention,
            String modelId,
            Instant ts,
            long input,
            long cachedRead,
            long cachedWrite,
            long output,
            long reasoning) {
        String impossible = convention.impossibility(input, cachedRead, cachedWrite, output, reasoning);
        if (impossible != null) {
            throw new UnpricedEventException(
                    UnpricedEventException.Reason.IMPOSSIBLE_USAGE,
                    modelId,
                    ts,
                    "impossible usage for model '" + modelId + "' at " + ts + ": " + impossible + " (pricing catalog "
                            + version + ")");
        }
        return convention
                .bill(input, cachedRead, cachedWrite, output, reasoning)
                .orElseThrow();
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
            throw new UnpricedEventException(
                    UnpricedEventException.Reason.NO_VOICE_RATES,
                    "voice",
                    u.ts(),
                    "no voice rates in pricing catalog " + version + " (voice turn at " + u.ts() + ")");
        }
        int vi = voice.indexAt(u.ts());
        if (vi < 0) {
            throw new UnpricedEventException(
                    UnpricedEventException.Reason.BEFORE_FIRST_PRICE,
                    "voice",
                    u.ts(),
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
        return price(new VoiceTurnUsage(
                call.tenant(),
                call.ts(),
                call.sttSeconds(),
                call.llmInputTokens(),
                call.llmOutputTokens(),
                call.ttsCharacters(),
                minutes.multiply(SECONDS_PER_MINUTE)));
    }

    private Timeline<ModelRates> modelTimeline(String modelId, Instant ts) {
        Timeline<ModelRates> t = models.get(modelId);
        if (t == null) {
            throw new UnpricedEventException(
                    UnpricedEventException.Reason.UNKNOWN_MODEL,
                    modelId,
                    ts,
                    "unknown model '" + modelId + "' (event at " + ts + "): not in pricing catalog " + version);
        }
        return t;
    }

    private int modelIndex(Timeline<ModelRates> t, String modelId, Instant ts) {
        int i = t.indexAt(ts);
        if (i < 0) {
            throw new UnpricedEventException(
                    UnpricedEventException.Reason.BEFORE_FIRST_PRICE,
                    modelId,
                    ts,
                    "no price for model '" + modelId + "' at " + ts + ": its first price period starts " + t.first()
                            + " (pricing catalog " + version + ")");
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

    /** What a pico-dollar step returns when a long cannot hold it exactly. */
    static final long NO_PICO = Long.MIN_VALUE;

    private static final long[] POWERS_OF_TEN = new long[19]; // 10^0 .. 10^18

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /** {@code dividend / divisor} (both >= 0, divisor > 0) rounded half to even: {@link Money#ROUNDING}. */
    static long divideHalfEven(long dividend, long divisor) {
        long q = dividend / divisor;
        long r = dividend - q * divisor;
        long twice = r << 1; // r < divisor < 2^63: twice may wrap only when r > divisor / 2
        if (twice < 0 || twice > divisor || (twice == divisor && (q & 1) != 0)) {
            q++;
        }
        return q;
    }

    /** Values by start instant; {@link #indexAt} finds the latest start {@code <= ts}. */
    private static final class Timeline<T> {
        private final Instant[] starts;
        private final Object[] values;
        // Each start rounded up to a whole millisecond: for a time of whole milliseconds t, t >= start
        // exactly when t >= that. Only when they stay strictly ascending (no two starts in one ms).
        private final long[] startMillis;
        final boolean millisExact;

        private Timeline(Instant[] starts, Object[] values) {
            this.starts = starts;
            this.values = values;
            this.startMillis = new long[starts.length];
            boolean exact = true;
            for (int i = 0; i < starts.length; i++) {
                Instant s = starts[i];
                long ms;
                try {
                    ms = Math.addExact(
                            Math.multiplyExact(s.getEpochSecond(), 1000L), (s.getNano() + 999_999) / 1_000_000);
                } catch (ArithmeticException beyondMillis) {
                    ms = i == 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
                    exact = false;
                }
                startMillis[i] = ms;
                if (i > 0 && startMillis[i] <= startMillis[i - 1]) {
                    exact = false;
                }
            }
            this.millisExact = exact;
        }

        /** {@link #indexAt} for {@code Instant.ofEpochMilli(tsMillis)}; -1 also when millis cannot tell (never for a catalog's dates). */
        int indexAtMillis(long tsMillis) {
            if (!millisExact) {
                return -1;
            }
            int i = Arrays.binarySearch(startMillis, tsMillis);
            return i >= 0 ? i : -i - 2;
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
        private final long fineUnscaled; // -1: none
        private final int fineShift;

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
            // A rate finer than 1e-12 USD (a discount of a small price): value = fineUnscaled * 10^-(12 + fineShift).
            long fu = -1;
            int shift = 0;
            BigDecimal stripped = perUnit.stripTrailingZeros();
            if (!f
                    && perUnit.signum() >= 0
                    && stripped.scale() > Money.STORAGE_SCALE
                    && stripped.scale() - Money.STORAGE_SCALE < POWERS_OF_TEN.length
                    && stripped.unscaledValue().bitLength() < 63) {
                fu = stripped.unscaledValue().longValue();
                shift = stripped.scale() - Money.STORAGE_SCALE;
            }
            this.fineUnscaled = fu;
            this.fineShift = shift;
        }

        UnitRate scaled(BigDecimal factor) {
            return new UnitRate(perUnit.multiply(factor));
        }

        /** {@link #times(long)} in pico-dollars for {@code quantity >= 0}; {@link #NO_PICO} when a long cannot hold it. */
        long pico(long quantity) {
            if (quantity == 0) {
                return 0;
            }
            if (fast) {
                if (unscaled12 < 0) {
                    return NO_PICO;
                }
                long hi = Math.multiplyHigh(quantity, unscaled12);
                long lo = quantity * unscaled12;
                return hi == 0 && lo >= 0 ? lo : NO_PICO;
            }
            if (fineUnscaled < 0) {
                return NO_PICO;
            }
            long hi = Math.multiplyHigh(quantity, fineUnscaled);
            long lo = quantity * fineUnscaled;
            return hi == 0 && lo >= 0 ? divideHalfEven(lo, POWERS_OF_TEN[fineShift]) : NO_PICO;
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
                    long sum =
                            Math.addExact(Math.multiplyExact(qa, a.unscaled12), Math.multiplyExact(qb, b.unscaled12));
                    return BigDecimal.valueOf(sum, Money.STORAGE_SCALE);
                } catch (ArithmeticException overflow) {
                    // fall through to the exact BigDecimal path
                }
            }
            return Money.quantize(
                    a.perUnit.multiply(BigDecimal.valueOf(qa)).add(b.perUnit.multiply(BigDecimal.valueOf(qb))));
        }
    }

    /** {@code quantity * numerator / divisor} as one exact quotient, quantized once (per-hour, per-minute). */
    static final class DividedRate {
        private final BigDecimal numerator;
        private final BigDecimal divisor;

        private final long numeratorUnscaled; // -1: not a long (or negative), no pico path
        private final int numeratorScale;
        private final long divisorUnscaled;
        private final int divisorScale;

        DividedRate(BigDecimal numerator, BigDecimal divisor) {
            this.numerator = numerator;
            this.divisor = divisor;
            BigDecimal n = numerator.stripTrailingZeros();
            BigDecimal d = divisor.stripTrailingZeros();
            boolean fits = n.signum() >= 0
                    && d.signum() > 0
                    && n.unscaledValue().bitLength() < 63
                    && d.unscaledValue().bitLength() < 63;
            this.numeratorUnscaled = fits ? n.unscaledValue().longValue() : -1;
            this.numeratorScale = n.scale();
            this.divisorUnscaled = fits ? d.unscaledValue().longValue() : -1;
            this.divisorScale = d.scale();
        }

        DividedRate scaled(BigDecimal factor) {
            return new DividedRate(numerator.multiply(factor), divisor);
        }

        /**
         * {@link #times(BigDecimal)} of {@code unscaled * 10^-scale >= 0} in pico-dollars;
         * {@link #NO_PICO} when a long cannot hold a step of it.
         */
        long pico(long unscaled, int scale) {
            if (unscaled == 0) {
                return 0;
            }
            if (numeratorUnscaled < 0 || divisorUnscaled <= 0 || unscaled < 0) {
                return NO_PICO;
            }
            // result * 10^12 = unscaled * n * 10^(12 - scale - nScale + dScale) / d, rounded half to even once
            int exponent = Money.STORAGE_SCALE - scale - numeratorScale + divisorScale;
            long hi = Math.multiplyHigh(unscaled, numeratorUnscaled);
            long product = unscaled * numeratorUnscaled;
            if (hi != 0 || product < 0 || Math.abs(exponent) >= POWERS_OF_TEN.length) {
                return NO_PICO;
            }
            long divisorPart = divisorUnscaled;
            if (exponent >= 0) {
                long p = POWERS_OF_TEN[exponent];
                hi = Math.multiplyHigh(product, p);
                product *= p;
                if (hi != 0 || product < 0) {
                    return NO_PICO;
                }
            } else {
                long p = POWERS_OF_TEN[-exponent];
                hi = Math.multiplyHigh(divisorPart, p);
                divisorPart *= p;
                if (hi != 0 || divisorPart < 0) {
                    return NO_PICO;
                }
            }
            return divideHalfEven(product, divisorPart);
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

        private VoiceRates(
                DividedRate stt,
                UnitRate llmInput,
                UnitRate llmOutput,
                UnitRate tts,
                DividedRate media,
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
            return new VoiceRates(
                    stt.scaled(factor),
                    llmInput.scaled(factor),
                    llmOutput.scaled(factor),
                    tts.scaled(factor),
                    media.scaled(factor),
                    rounding);
        }
    }

    /**
     * One tenant override period, with every rate it changes precomputed: custom model rates
     * (never discounted), and for a discount, discounted copies of every list model period, GPU
     * period and (if the flag is set) voice period, aligned with the list timelines' indexes.
     */
    static final class TenantTerms {
        /** Marks a tenant whose periods the millisecond search cannot tell apart (the exact path decides). */
        static final TenantTerms UNKNOWN = new TenantTerms();

        private final Map<String, ModelRates> custom = new HashMap<>();
        private final Map<String, ModelRates[]> discountedModels = new HashMap<>();
        private final Map<String, DividedRate[]> discountedGpu = new HashMap<>();
        private VoiceRates[] discountedVoice;

        static TenantTerms of(TenantOverridePeriod p, PricingCatalog catalog) {
            TenantTerms t = new TenantTerms();
            p.models().forEach((id, prices) -> t.custom.put(id, ModelRates.of(prices, null, null)));
            if (p.discountPercent() != null) {
                BigDecimal factor = HUNDRED.subtract(p.discountPercent()).movePointLeft(2);
                catalog.models()
                        .forEach((id, periods) -> t.discountedModels.put(
                                id,
                                periods.stream()
                                        .map(mp -> ModelRates.of(mp.prices(), factor, mp.convention()))
                                        .toArray(ModelRates[]::new)));
                catalog.gpu()
                        .forEach((mode, periods) -> t.discountedGpu.put(
                                mode,
                                periods.stream()
                                        .map(gp -> new DividedRate(gp.perHour().multiply(factor), SECONDS_PER_HOUR))
                                        .toArray(DividedRate[]::new)));
                if (p.discountAppliesToVoice()) {
                    t.discountedVoice = catalog.voice().stream()
                            .map(vp -> VoiceRates.of(vp, factor))
                            .toArray(VoiceRates[]::new);
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
