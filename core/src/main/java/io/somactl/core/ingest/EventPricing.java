package io.somactl.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.somactl.core.events.Topic;
import io.somactl.core.pricing.EscalationCost;
import io.somactl.core.pricing.EscalationUsage;
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
 * Prices a validated event by its topic: model usage and escalations by their tokens (and GPU time),
 * voice turns by STT seconds, LLM tokens, TTS characters and media seconds. Tools, audio and policy
 * events cost nothing. Throws {@link io.somactl.core.pricing.UnpricedEventException} for an event
 * the catalog cannot price (unknown model, before the first price).
 */
final class EventPricing {
    private static final List<String> SLM_COLUMNS = List.of("cost_input_usd", "cost_cached_read_usd",
            "cost_cached_write_usd", "cost_output_usd", "cost_reasoning_usd", "cost_gpu_usd", "cost_usd");
    private static final List<String> ESCALATION_COLUMNS = List.of("cost_input_usd", "cost_output_usd",
            "cost_reasoning_usd", "cost_usd");
    private static final List<String> VOICE_COLUMNS = List.of("cost_stt_usd", "cost_llm_usd", "cost_tts_usd",
            "cost_media_usd", "cost_usd");

    private final Pricer pricer;

    EventPricing(Pricer pricer) {
        this.pricer = pricer;
    }

    PricedEvent price(Topic topic, JsonNode event, Instant ts) {
        return switch (topic) {
            case SLM_METRICS -> slm(event, ts);
            case ESCALATION_METRICS -> escalation(event, ts);
            case CONVERSATION_METRICS -> conversation(event, ts);
            case TOOL_METRICS, AUDIO_METRICS, POLICY_EVENTS -> PricedEvent.UNPRICED;
        };
    }

    private PricedEvent slm(JsonNode e, Instant ts) {
        long input = e.path("input_tokens").asLong();
        long cachedRead = e.path("cached_input_read_tokens").asLong(0);
        long cachedWrite = e.path("cached_input_write_tokens").asLong(0);
        long output = e.path("output_tokens").asLong();
        long reasoning = e.path("reasoning_tokens").asLong(0);
        BigDecimal gpuSeconds = decimal(e.get("gpu_seconds"));
        SlmCost cost = pricer.price(new SlmUsage(tenant(e), e.path("model_id").asText(), e.path("deployment_mode").asText(),
                ts, input, cachedRead, cachedWrite, output, reasoning, gpuSeconds));
        long gpuMicros = e.hasNonNull("gpu_seconds") ? UsageDelta.gpuMicros(e.get("gpu_seconds").doubleValue()) : 0;
        UsageDelta usage = new UsageDelta(tenant(e), persona(e), ts, input, output,
                input + cachedRead + cachedWrite + output + reasoning, cost.total(), gpuMicros);
        return new PricedEvent(SLM_COLUMNS, List.of(cost.input(), cost.cachedRead(), cost.cachedWrite(), cost.output(),
                cost.reasoning(), cost.gpu(), cost.total()), cost.pricingVersion(), usage);
    }

    private PricedEvent escalation(JsonNode e, Instant ts) {
        long input = e.path("input_tokens").asLong();
        long output = e.path("output_tokens").asLong();
        long reasoning = e.path("reasoning_tokens").asLong(0);
        EscalationCost cost = pricer.price(new EscalationUsage(tenant(e), e.path("oss_model_id").asText(), ts,
                input, output, reasoning));
        UsageDelta usage = new UsageDelta(tenant(e), persona(e), ts, input, output, input + output + reasoning,
                cost.total(), 0);
        return new PricedEvent(ESCALATION_COLUMNS, List.of(cost.input(), cost.output(), cost.reasoning(), cost.total()),
                cost.pricingVersion(), usage);
    }

    private PricedEvent conversation(JsonNode e, Instant ts) {
        if (!"voice".equals(e.path("channel").asText())) {
            return new PricedEvent(VOICE_COLUMNS, List.of(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.ZERO), pricer.version(), null);
        }
        long input = e.path("input_tokens").asLong(0);
        long output = e.path("output_tokens").asLong(0);
        VoiceCost cost = pricer.price(new VoiceTurnUsage(tenant(e), ts, decimal(e.get("stt_seconds")), input, output,
                e.path("tts_characters").asLong(0), decimal(e.get("media_seconds"))));
        UsageDelta usage = new UsageDelta(tenant(e), persona(e), ts, input, output, input + output, cost.total(), 0);
        return new PricedEvent(VOICE_COLUMNS, List.of(cost.stt(), cost.llm(), cost.tts(), cost.media(), cost.total()),
                cost.pricingVersion(), usage);
    }

    private static String tenant(JsonNode e) {
        return e.path("tenant").asText();
    }

    private static String persona(JsonNode e) {
        return e.path("persona").asText();
    }

    private static BigDecimal decimal(JsonNode node) {
        return node == null || node.isNull() ? BigDecimal.ZERO : node.decimalValue();
    }
}
