package io.somactl.core.reprice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.somactl.core.pricing.EscalationCost;
import io.somactl.core.pricing.EscalationUsage;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.pricing.SlmCost;
import io.somactl.core.pricing.SlmUsage;
import io.somactl.core.pricing.UsageConvention;
import io.somactl.core.pricing.VoiceCost;
import io.somactl.core.pricing.VoiceTurnUsage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stored row priced again with the same catalog costs what ingest priced the event at, whatever the
 * model's usage convention: the row keeps the billed classes, and {@link PricedTable} puts cached and
 * reasoning tokens back where the convention counts them.
 */
class PricedTableTest {
    private static final Pricer PRICER = PricingCatalog.loadBundled().pricer();

    @Test
    void slmRowsOfEveryConventionCostWhatTheirEventCost() {
        record Model(String id, String mode, Instant ts) {}
        List<Model> models = List.of(
                new Model("gpt-4o-2024-08-06", "hosted", Instant.parse("2025-01-01T10:00:00.250Z")),
                new Model("claude-sonnet-4-5-20250929", "hosted", Instant.parse("2025-11-01T00:00:00Z")),
                new Model("soma-slm-8b", "self_hosted", Instant.parse("2023-11-16T23:59:59.999Z")),
                new Model("soma-slm-8b-long", "edge", Instant.parse("2023-11-17T03:00:00Z")));
        for (Model m : models) {
            UsageConvention convention = PRICER.convention(m.id(), m.ts());
            long input = 150_000;
            long cachedRead = 20_000;
            long cachedWrite = convention.cacheInsideInput() ? 0 : 3_000;
            long output = 900;
            long reasoning = 300;
            BigDecimal gpu = new BigDecimal("1.234");
            SlmCost ingest = PRICER.price(new SlmUsage(
                    "acme", m.id(), m.mode(), m.ts(), input, cachedRead, cachedWrite, output, reasoning, gpu));
            PricedTable.Costs again = PricedTable.SLM.price(
                    PRICER,
                    "acme",
                    m.id(),
                    m.ts(),
                    Arrays.asList(
                            m.mode(),
                            String.valueOf(ingest.billed().input()),
                            String.valueOf(cachedRead),
                            String.valueOf(cachedWrite),
                            String.valueOf(ingest.billed().output()),
                            String.valueOf(reasoning),
                            "1.234"));
            assertEquals(
                    List.of(
                            ingest.input(),
                            ingest.cachedRead(),
                            ingest.cachedWrite(),
                            ingest.output(),
                            ingest.reasoning(),
                            ingest.gpu(),
                            ingest.total()),
                    again.columns(),
                    m.id() + " (" + convention + ")");
            assertEquals(PRICER.version(), again.version());
        }
    }

    @Test
    void nullColumnsAreZeroAsIngestReadsMissingFields() {
        Instant ts = Instant.parse("2023-11-16T12:00:00Z");
        SlmCost ingest =
                PRICER.price(new SlmUsage("acme", "soma-slm-3b", "edge", ts, 500, 0, 0, 40, 0, BigDecimal.ZERO));
        PricedTable.Costs again = PricedTable.SLM.price(
                PRICER, "acme", "soma-slm-3b", ts, Arrays.asList("edge", "500", null, null, "40", null, null));
        assertEquals(ingest.total(), again.total());
    }

    @Test
    void escalationAndVoiceRowsCostWhatTheirEventCost() {
        Instant ts = Instant.parse("2023-11-16T08:30:00Z");
        EscalationCost escalation = PRICER.price(new EscalationUsage("acme", "llama-3.1-70b", ts, 12_000, 800, 0));
        assertEquals(
                List.of(escalation.input(), escalation.output(), escalation.reasoning(), escalation.total()),
                PricedTable.ESCALATION
                        .price(
                                PRICER,
                                "acme",
                                "llama-3.1-70b",
                                ts,
                                Arrays.asList(
                                        String.valueOf(escalation.billed().input()),
                                        String.valueOf(escalation.billed().output()),
                                        null))
                        .columns());
        VoiceCost voice = PRICER.price(
                new VoiceTurnUsage("acme", ts, new BigDecimal("7.25"), 300, 120, 640, new BigDecimal("61.5")));
        assertEquals(
                List.of(voice.stt(), voice.llm(), voice.tts(), voice.media(), voice.total()),
                PricedTable.VOICE
                        .price(PRICER, "acme", "voice", ts, Arrays.asList("7.25", "300", "120", "640", "61.5"))
                        .columns());
    }
}
