package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.clickhouse.block.ByteSink;
import io.somactl.core.clickhouse.block.NativeColumn;
import io.somactl.core.clickhouse.block.NativeColumns;
import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TelemetryGenerator;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.fixtures.TraceFixture;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.PricingCatalog;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ingest's per-event pricing in pico-dollars ({@link EventPricing#price(io.somactl.core.events.EventFields, long)})
 * against the BigDecimal path it replaced ({@code price(fields, Instant)}), on the trace-derived events of
 * two generator passes as ingest decodes them: the same cost column values (value and scale), the same
 * usage for the Redis counters (tenant, persona, time, tokens, cost, GPU micros), the same stored token
 * counts, and the very same bytes in the {@code Decimal(38,12)} columns.
 */
class EventPricingPicoTest {

    @Test
    void traceEventsArePricedAndEncodedTheSameBothWays() {
        Pricer pricer = PricingCatalog.loadBundled().pricer();
        TopicPipeline slm = new TopicPipeline(Topic.SLM_METRICS, pricer, 1 << 20);
        TopicPipeline escalation = new TopicPipeline(Topic.ESCALATION_METRICS, pricer, 1 << 20);
        TelemetryGenerator generator =
                new TelemetryGenerator(TraceFixture.loadDefault(), TelemetryGenerator.DEFAULT_SEED);
        int onePass = (int) generator.onePass().count();
        List<TopicEvent> events = generator.events(2L * onePass).toList();
        int[] compared = new int[2];
        for (TopicEvent event : events) {
            TopicPipeline pipeline = switch (event.topic()) {
                case SLM_METRICS -> slm;
                case ESCALATION_METRICS -> escalation;
                default -> null;
            };
            if (pipeline == null) {
                continue;
            }
            assertNull(
                    pipeline.decoder.decode(event.json().getBytes(StandardCharsets.UTF_8), pipeline.event),
                    event.json());
            PricedEvent fast = pipeline.pricing.price(pipeline.event.fields, pipeline.event.tsMillis);
            PricedEvent exact = pipeline.pricing.price(pipeline.event.fields, pipeline.event.ts());
            assertEquals(exact.costs(), fast.costs(), event.json());
            assertEquals(exact.usage(), fast.usage(), event.json());
            assertEquals(exact.pricingVersion(), fast.pricingVersion());
            assertEquals(exact.storedInputTokens(), fast.storedInputTokens(), event.json());
            assertEquals(exact.storedOutputTokens(), fast.storedOutputTokens(), event.json());
            for (int i = 0; i < exact.costs().size(); i++) {
                assertArrayEquals(decimalBytes(exact, i), decimalBytes(fast, i), event.json());
            }
            compared[event.topic() == Topic.SLM_METRICS ? 0 : 1]++;
        }
        assertTrue(
                compared[0] > 10_000 && compared[1] > 100,
                "SLM and escalation events compared: " + compared[0] + ", " + compared[1]);
    }

    @Test
    void unscaledDecimalsAreWrittenAsTheirBigDecimals() {
        long[] values = {
            0,
            1,
            -1,
            999_999_999_999_999_999L,
            -999_999_999_999_999_999L,
            1_000_000_000_000_000_000L,
            Long.MAX_VALUE,
            Long.MIN_VALUE + 1,
            123_456_789_012L
        };
        for (String type :
                List.of("Decimal(38, 12)", "Nullable(Decimal(38, 12))", "Decimal(18, 12)", "Decimal(38, 6)")) {
            for (long v : values) {
                for (int scale : new int[] {12, 6, 0}) {
                    assertEquals(
                            bytes(type, c -> c.appendDecimal(BigDecimal.valueOf(v, scale))),
                            bytes(type, c -> c.appendUnscaledDecimal(v, scale)),
                            type + " " + v + "e-" + scale);
                }
            }
        }
    }

    private static byte[] decimalBytes(PricedEvent priced, int i) {
        NativeColumn column = NativeColumns.of("cost", "Decimal(38, 12)");
        priced.appendCost(column, i);
        column.commit();
        ByteSink out = new ByteSink(64);
        column.writeData(out);
        return out.toByteArray();
    }

    /** The column's data after one append, or the refusal's message. */
    private static String bytes(String type, java.util.function.Consumer<NativeColumn> append) {
        NativeColumn column = NativeColumns.of("cost", type);
        try {
            append.accept(column);
        } catch (RuntimeException refused) {
            return "refused: " + refused.getMessage();
        }
        column.commit();
        ByteSink out = new ByteSink(64);
        column.writeData(out);
        return java.util.HexFormat.of().formatHex(out.toByteArray());
    }
}
