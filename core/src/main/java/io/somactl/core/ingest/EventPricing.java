package io.somactl.core.ingest;

import io.somactl.core.events.CompiledEventSchema;
import io.somactl.core.events.EventFields;
import io.somactl.core.events.Topic;
import io.somactl.core.pricing.BilledTokens;
import io.somactl.core.pricing.EscalationCost;
import io.somactl.core.pricing.EscalationUsage;
import io.somactl.core.pricing.Money;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.SlmCost;
import io.somactl.core.pricing.SlmUsage;
import io.somactl.core.pricing.VoiceCost;
import io.somactl.core.pricing.VoiceTurnUsage;
import io.somactl.core.usage.UsageDelta;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Prices a validated event of one topic: model usage and escalations by their tokens (and GPU
 * time), voice turns by STT seconds, LLM tokens, TTS characters and media seconds. Tools, audio and
 * policy events cost nothing. Throws {@link io.somactl.core.pricing.UnpricedEventException} for an
 * event the catalog cannot price (unknown model, before the first price).
 */
final class EventPricing {
    static final List<String> SLM_COLUMNS = List.of(
            "cost_input_usd",
            "cost_cached_read_usd",
            "cost_cached_write_usd",
            "cost_output_usd",
            "cost_reasoning_usd",
            "cost_gpu_usd",
            "cost_usd");
    static final List<String> ESCALATION_COLUMNS =
            List.of("cost_input_usd", "cost_output_usd", "cost_reasoning_usd", "cost_usd");
    static final List<String> VOICE_COLUMNS =
            List.of("cost_stt_usd", "cost_llm_usd", "cost_tts_usd", "cost_media_usd", "cost_usd");

    private final Pricer pricer;
    private final Topic topic;
    private final Fields f;
    private final Pricer.PicoCost pico = new Pricer.PicoCost(); // reused: one event at a time

    EventPricing(Pricer pricer, Topic topic, CompiledEventSchema schema) {
        this.pricer = pricer;
        this.topic = topic;
        this.f = new Fields(schema);
    }

    /** The cost columns this topic's rows get, in the order {@link PricedEvent#costs()} lists them. */
    List<String> costColumns() {
        return switch (topic) {
            case SLM_METRICS -> SLM_COLUMNS;
            case ESCALATION_METRICS -> ESCALATION_COLUMNS;
            case CONVERSATION_METRICS -> VOICE_COLUMNS;
            case TOOL_METRICS, AUDIO_METRICS, POLICY_EVENTS -> List.of();
        };
    }

    PricedEvent price(EventFields e, Instant ts) {
        return switch (topic) {
            case SLM_METRICS -> slm(e, ts);
            case ESCALATION_METRICS -> escalation(e, ts);
            case CONVERSATION_METRICS -> conversation(e, ts);
            case TOOL_METRICS, AUDIO_METRICS, POLICY_EVENTS -> PricedEvent.UNPRICED;
        };
    }

    /**
     * {@link #price(EventFields, Instant)} of an event at {@code tsMillis}, the per-event path of
     * ingest: SLM requests and escalations are priced in pico-dollars ({@link Pricer#pricePico}),
     * with the same values; an event that path does not take goes the exact way.
     */
    PricedEvent price(EventFields e, long tsMillis) {
        return switch (topic) {
            case SLM_METRICS -> slmPico(e, tsMillis);
            case ESCALATION_METRICS -> escalationPico(e, tsMillis);
            case CONVERSATION_METRICS -> conversation(e, Instant.ofEpochMilli(tsMillis));
            case TOOL_METRICS, AUDIO_METRICS, POLICY_EVENTS -> PricedEvent.UNPRICED;
        };
    }

    private PricedEvent slmPico(EventFields e, long tsMillis) {
        long input = e.longValue(f.inputTokens);
        long cachedRead = longOr0(e, f.cachedReadTokens);
        long cachedWrite = longOr0(e, f.cachedWriteTokens);
        long output = e.longValue(f.outputTokens);
        long reasoning = longOr0(e, f.reasoningTokens);
        long gpuUnscaled = 0;
        int gpuScale = 0;
        boolean gpuPresent = present(e, f.gpuSeconds);
        if (gpuPresent) {
            if (!e.exactInLong(f.gpuSeconds)) {
                return slm(e, Instant.ofEpochMilli(tsMillis));
            }
            gpuUnscaled = e.unscaled(f.gpuSeconds);
            gpuScale = e.scale(f.gpuSeconds);
        }
        String tenant = e.text(f.tenant);
        Pricer.PicoCost c = pico;
        if (!pricer.pricePico(
                tenant,
                e.text(f.modelId),
                e.text(f.deploymentMode),
                tsMillis,
                input,
                cachedRead,
                cachedWrite,
                output,
                reasoning,
                gpuUnscaled,
                gpuScale,
                c)) {
            return slm(e, Instant.ofEpochMilli(tsMillis));
        }
        long gpuMicros = gpuPresent ? UsageDelta.gpuMicros(e.doubleValue(f.gpuSeconds)) : 0;
        UsageDelta usage = new UsageDelta(
                tenant,
                textOrEmpty(e, f.persona),
                Instant.ofEpochMilli(tsMillis),
                c.billedInput,
                c.billedOutput,
                c.billedTotal(),
                BigDecimal.valueOf(c.total, Money.STORAGE_SCALE),
                gpuMicros);
        return PricedEvent.ofPico(
                new long[] {c.input, c.cachedRead, c.cachedWrite, c.output, c.reasoning, c.gpu, c.total},
                pricer.version(),
                usage,
                c.billedInput,
                c.billedOutput);
    }

    private PricedEvent escalationPico(EventFields e, long tsMillis) {
        long input = e.longValue(f.inputTokens);
        long output = e.longValue(f.outputTokens);
        long reasoning = longOr0(e, f.reasoningTokens);
        String tenant = e.text(f.tenant);
        Pricer.PicoCost c = pico;
        if (!pricer.pricePico(tenant, e.text(f.ossModelId), tsMillis, input, output, reasoning, c)) {
            return escalation(e, Instant.ofEpochMilli(tsMillis));
        }
        UsageDelta usage = new UsageDelta(
                tenant,
                textOrEmpty(e, f.persona),
                Instant.ofEpochMilli(tsMillis),
                c.billedInput,
                c.billedOutput,
                c.billedTotal(),
                BigDecimal.valueOf(c.total, Money.STORAGE_SCALE),
                0);
        return PricedEvent.ofPico(
                new long[] {c.input, c.output, c.reasoning, c.total},
                pricer.version(),
                usage,
                c.billedInput,
                c.billedOutput);
    }

    /** The model a priced event's usage is for (SLM: model_id; escalation: oss_model_id; voice turns: voice). */
    String model(EventFields e) {
        return switch (topic) {
            case SLM_METRICS -> textOrEmpty(e, f.modelId);
            case ESCALATION_METRICS -> textOrEmpty(e, f.ossModelId);
            case CONVERSATION_METRICS -> "voice";
            case TOOL_METRICS, AUDIO_METRICS, POLICY_EVENTS -> "";
        };
    }

    private PricedEvent slm(EventFields e, Instant ts) {
        long input = e.longValue(f.inputTokens);
        long cachedRead = longOr0(e, f.cachedReadTokens);
        long cachedWrite = longOr0(e, f.cachedWriteTokens);
        long output = e.longValue(f.outputTokens);
        long reasoning = longOr0(e, f.reasoningTokens);
        BigDecimal gpuSeconds = decimalOr0(e, f.gpuSeconds);
        SlmCost cost = pricer.price(new SlmUsage(
                e.text(f.tenant),
                e.text(f.modelId),
                e.text(f.deploymentMode),
                ts,
                input,
                cachedRead,
                cachedWrite,
                output,
                reasoning,
                gpuSeconds));
        // GPU seconds count as reported (a hosted call's cost has no GPU part, see Pricer).
        long gpuMicros = present(e, f.gpuSeconds) ? UsageDelta.gpuMicros(e.doubleValue(f.gpuSeconds)) : 0;
        BilledTokens billed = cost.billed();
        UsageDelta usage = new UsageDelta(
                e.text(f.tenant),
                textOrEmpty(e, f.persona),
                ts,
                billed.input(),
                billed.output(),
                billed.total(),
                cost.total(),
                gpuMicros);
        return new PricedEvent(
                List.of(
                        cost.input(),
                        cost.cachedRead(),
                        cost.cachedWrite(),
                        cost.output(),
                        cost.reasoning(),
                        cost.gpu(),
                        cost.total()),
                cost.pricingVersion(),
                usage,
                billed.input(),
                billed.output());
    }

    private PricedEvent escalation(EventFields e, Instant ts) {
        long input = e.longValue(f.inputTokens);
        long output = e.longValue(f.outputTokens);
        long reasoning = longOr0(e, f.reasoningTokens);
        EscalationCost cost =
                pricer.price(new EscalationUsage(e.text(f.tenant), e.text(f.ossModelId), ts, input, output, reasoning));
        BilledTokens billed = cost.billed();
        UsageDelta usage = new UsageDelta(
                e.text(f.tenant),
                textOrEmpty(e, f.persona),
                ts,
                billed.input(),
                billed.output(),
                billed.total(),
                cost.total(),
                0);
        return new PricedEvent(
                List.of(cost.input(), cost.output(), cost.reasoning(), cost.total()),
                cost.pricingVersion(),
                usage,
                billed.input(),
                billed.output());
    }

    private PricedEvent conversation(EventFields e, Instant ts) {
        if (!present(e, f.channel) || !"voice".equals(e.text(f.channel))) {
            return new PricedEvent(
                    List.of(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO),
                    pricer.version(),
                    null);
        }
        long input = longOr0(e, f.inputTokens);
        long output = longOr0(e, f.outputTokens);
        VoiceCost cost = pricer.price(new VoiceTurnUsage(
                e.text(f.tenant),
                ts,
                decimalOr0(e, f.sttSeconds),
                input,
                output,
                longOr0(e, f.ttsCharacters),
                decimalOr0(e, f.mediaSeconds)));
        UsageDelta usage = new UsageDelta(
                e.text(f.tenant), textOrEmpty(e, f.persona), ts, input, output, input + output, cost.total(), 0);
        return new PricedEvent(
                List.of(cost.stt(), cost.llm(), cost.tts(), cost.media(), cost.total()), cost.pricingVersion(), usage);
    }

    private static boolean present(EventFields e, int field) {
        return field >= 0 && e.has(field) && !e.isNull(field);
    }

    private static String textOrEmpty(EventFields e, int field) {
        return present(e, field) ? e.text(field) : "";
    }

    private static long longOr0(EventFields e, int field) {
        return present(e, field) ? e.longValue(field) : 0;
    }

    private static BigDecimal decimalOr0(EventFields e, int field) {
        return present(e, field) ? e.decimal(field) : BigDecimal.ZERO;
    }

    /** The ids of the fields pricing reads; -1 where the topic's schema has no such field. */
    private static final class Fields {
        final int tenant;
        final int persona;
        final int modelId;
        final int ossModelId;
        final int deploymentMode;
        final int inputTokens;
        final int outputTokens;
        final int cachedReadTokens;
        final int cachedWriteTokens;
        final int reasoningTokens;
        final int gpuSeconds;
        final int channel;
        final int sttSeconds;
        final int ttsCharacters;
        final int mediaSeconds;

        Fields(CompiledEventSchema s) {
            tenant = s.field("tenant");
            persona = s.field("persona");
            modelId = s.field("model_id");
            ossModelId = s.field("oss_model_id");
            deploymentMode = s.field("deployment_mode");
            inputTokens = s.field("input_tokens");
            outputTokens = s.field("output_tokens");
            cachedReadTokens = s.field("cached_input_read_tokens");
            cachedWriteTokens = s.field("cached_input_write_tokens");
            reasoningTokens = s.field("reasoning_tokens");
            gpuSeconds = s.field("gpu_seconds");
            channel = s.field("channel");
            sttSeconds = s.field("stt_seconds");
            ttsCharacters = s.field("tts_characters");
            mediaSeconds = s.field("media_seconds");
        }
    }
}
