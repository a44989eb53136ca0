package io.somactl.core.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.pricing.VoiceCost;
import io.somactl.core.pricing.VoiceTurnUsage;
import io.somactl.core.report.TimeRange;
import io.somactl.core.schema.DdlRenderer;
import io.somactl.core.schema.MigrationCatalog;
import io.somactl.core.schema.MigrationRunner;
import io.somactl.core.testing.LocalStack;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Per-call summaries of a small fixture whose every figure was computed by hand (see the comments):
 * two calls, token counts from the first rows of the Azure trace (374/44, 396/109, 879/55), TTS
 * characters 4 per generated token, costs at the default catalog's voice rates (STT $0.0043/min, LLM
 * $0.05/$0.08 per 1M tokens, TTS $0.037375 per 1K characters, media $0.004/min; a turn is not rounded up).
 */
@Tag("stack")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallsIT {
    private HttpClickHouse clickHouse;
    private CallSummaries calls;

    // turn, ts (ms), stt_ttfb, llm, tts_ttfb, eou, stt_s, tts_chars, media_s, interruptions, in, out, outcome, conf,
    // sentiment,
    // cost stt, llm, tts, media, total (computed by hand; the test checks them against the pricer too)
    private static final Object[][] CALL_1 = {
        {
            0,
            1700158546680L,
            180.5,
            412.8,
            210.3,
            320.0,
            3.2,
            176,
            5.0,
            0,
            374,
            44,
            null,
            null,
            0.2,
            "0.000229333333",
            "0.000022220000",
            "0.006578000000",
            "0.000333333333",
            "0.007162886666"
        },
        {
            1,
            1700158550995L,
            150.0,
            null,
            190.0,
            null,
            2.5,
            436,
            7.5,
            1,
            396,
            109,
            null,
            null,
            null,
            "0.000179166667",
            "0.000028520000",
            "0.016295500000",
            "0.000500000000",
            "0.017003186667"
        },
        {
            2,
            1700158562120L,
            210.0,
            388.2,
            230.1,
            300.0,
            4.0,
            220,
            6.0,
            2,
            879,
            55,
            "success",
            0.92,
            0.4,
            "0.000286666667",
            "0.000048350000",
            "0.008222500000",
            "0.000400000000",
            "0.008957516667"
        },
    };
    private static final Object[][] CALL_2 = {
        {
            0,
            1700161200000L,
            null,
            500.0,
            null,
            null,
            1.0,
            0,
            0.0,
            0,
            0,
            0,
            "fail",
            0.5,
            -0.5,
            "0.000071666667",
            "0.000000000000",
            "0.000000000000",
            "0.000000000000",
            "0.000071666667"
        },
        {
            1,
            1700161210000L,
            null,
            300.0,
            null,
            null,
            0.0,
            0,
            0.0,
            0,
            0,
            0,
            "voicemail",
            null,
            null,
            "0.000000000000",
            "0.000000000000",
            "0.000000000000",
            "0.000000000000",
            "0.000000000000"
        },
    };

    @BeforeAll
    void insertTheFixture() {
        LocalStack stack = LocalStack.ensureUp();
        String database = LocalStack.freshDatabase("calls");
        new MigrationRunner(
                        new HttpClickHouse(stack.clickHouse("default")),
                        new DdlRenderer(database, ""),
                        MigrationCatalog.bundled())
                .apply("test", m -> {});
        clickHouse = new HttpClickHouse(stack.clickHouse(database));
        insert("acme", "voice-agent", "RM_hand_1", CALL_1);
        insert("globex", "voice-agent", "RM_hand_2", CALL_2);
        // a text turn: not a call
        clickHouse.execute(
                "INSERT INTO conversation_metrics (event_id, ts, tenant, persona, session_id, channel, turn_count,"
                        + " streaming_duration_ms, requeues, interrupts) VALUES ('11111111-2222-4333-8444-555555555555',"
                        + " toDateTime(1700158600), 'acme', 'support-agent', 's-text', 'text', 1, 10, 0, 0)");
        calls = new CallSummaries(clickHouse);
    }

    @Test
    void theHandComputedCostsAreTheCatalogsRates() {
        var pricer = PricingCatalog.loadBundled().pricer();
        for (Object[] t : CALL_1) {
            VoiceCost cost = pricer.price(new VoiceTurnUsage(
                    "acme",
                    Instant.ofEpochMilli((Long) t[1]),
                    new BigDecimal(t[6].toString()),
                    ((Integer) t[10]).longValue(),
                    ((Integer) t[11]).longValue(),
                    ((Integer) t[7]).longValue(),
                    new BigDecimal(t[8].toString())));
            assertEquals(
                    List.of(t[15], t[16], t[17], t[18], t[19]),
                    List.of(
                            cost.stt().toPlainString(),
                            cost.llm().toPlainString(),
                            cost.tts().toPlainString(),
                            cost.media().toPlainString(),
                            cost.total().toPlainString()),
                    "turn " + t[0]);
        }
    }

    @Test
    void aCallsSummaryMatchesTheHandComputedFigures() {
        CallSummary c = calls.show("RM_hand_1").orElseThrow();
        assertEquals("acme", c.tenant());
        assertEquals(3, c.turns());
        assertEquals(Instant.parse("2023-11-16T18:15:46Z"), c.started());
        // (180.5 + 150 + 210) / 3; min 150; max 210
        assertEquals(540.5 / 3, c.sttTtfbMs().avg(), 1e-9);
        assertEquals(150.0, c.sttTtfbMs().min());
        assertEquals(210.0, c.sttTtfbMs().max());
        // turn 1 reported no LLM latency: (412.8 + 388.2) / 2, not / 3
        assertEquals(400.5, c.llmLatencyMs().avg(), 1e-9);
        assertEquals(388.2, c.llmLatencyMs().min());
        assertEquals(412.8, c.llmLatencyMs().max());
        assertEquals(630.4 / 3, c.ttsTtfbMs().avg(), 1e-9);
        assertEquals(310.0, c.eouLatencyMs().avg(), 1e-9);
        assertEquals(300.0, c.eouLatencyMs().min());
        assertEquals(1649, c.inputTokens());
        assertEquals(208, c.outputTokens());
        assertEquals(1857, c.totalTokens());
        assertEquals(9.7, c.sttSeconds(), 1e-9);
        assertEquals(832, c.ttsCharacters());
        assertEquals(18.5, c.mediaSeconds(), 1e-9);
        assertEquals(3, c.interruptions());
        assertEquals(1.0, c.interruptionRate(), 1e-12);
        assertEquals("success", c.outcome());
        assertEquals(0.92, c.outcomeConfidence());
        assertEquals(0.3, c.sentimentAvg(), 1e-9); // (0.2 + 0.4) / 2: turn 1 has no sentiment
        // 3.2 s, 2.5 s, 4.0 s x $0.0043/min = 0.000229333333 + 0.000179166667 + 0.000286666667, and so on; total = sum
        // of the three turns' totals
        assertEquals(new BigDecimal("0.000695166667"), c.costStt());
        assertEquals(new BigDecimal("0.000099090000"), c.costLlm());
        assertEquals(new BigDecimal("0.031096000000"), c.costTts());
        assertEquals(new BigDecimal("0.001233333333"), c.costMedia());
        assertEquals(new BigDecimal("0.033123590000"), c.costTotal());
        assertEquals(
                c.costTotal(), c.costStt().add(c.costLlm()).add(c.costTts()).add(c.costMedia()));
        assertEquals(List.of("2026-12-02.1"), c.pricingVersions());
        assertEquals(3, calls.turns("RM_hand_1").size());
    }

    @Test
    void theOutcomeIsTheLatestReportedOneAndLatenciesNoTurnReportedAreMissingNotZero() {
        CallSummary c = calls.show("RM_hand_2").orElseThrow();
        assertEquals("voicemail", c.outcome());
        assertNull(c.outcomeConfidence(), "the voicemail turn gave no confidence; the fail turn's 0.5 is not it");
        assertNull(c.sttTtfbMs().avg());
        assertNull(c.sttTtfbMs().min());
        assertEquals(400.0, c.llmLatencyMs().avg(), 1e-9);
        assertEquals(-0.5, c.sentimentAvg(), 1e-9);
        assertEquals(0.0, c.interruptionRate());
        assertTrue(calls.show("RM_nope").isEmpty());
    }

    @Test
    void listFiltersByOutcomeTenantAndPeriod() {
        TimeRange day = TimeRange.parsePeriod("2023-11-16");
        assertEquals(List.of("RM_hand_2", "RM_hand_1"), ids(new CallFilter(day, List.of(), null, 100)), "newest first");
        assertEquals(List.of("RM_hand_1"), ids(new CallFilter(day, List.of(), "success", 100)));
        assertEquals(List.of("RM_hand_2"), ids(new CallFilter(day, List.of("globex"), null, 100)));
        assertEquals(List.of(), ids(new CallFilter(day, List.of("globex"), "success", 100)));
        assertEquals(List.of(), ids(new CallFilter(TimeRange.parsePeriod("2023-11-17"), List.of(), null, 100)));
        assertEquals(List.of("RM_hand_2"), ids(new CallFilter(day, List.of(), null, 1)));
        CallSummary listed =
                calls.list(new CallFilter(day, List.of("acme"), null, 10)).get(0);
        assertEquals(calls.show("RM_hand_1").orElseThrow(), listed, "list and show agree");
    }

    private List<String> ids(CallFilter filter) {
        return calls.list(filter).stream().map(CallSummary::callId).toList();
    }

    private void insert(String tenant, String persona, String callId, Object[][] turns) {
        StringBuilder sql =
                new StringBuilder("INSERT INTO conversation_metrics (event_id, ts, ts_ms, tenant, persona, session_id,"
                        + " channel, turn_count, streaming_duration_ms, requeues, interrupts, call_id, turn_index, stt_ttfb_ms,"
                        + " llm_latency_ms, tts_ttfb_ms, eou_latency_ms, stt_seconds, tts_characters, media_seconds, interruptions,"
                        + " input_tokens, output_tokens, call_outcome, call_outcome_confidence, sentiment_score, cost_stt_usd,"
                        + " cost_llm_usd, cost_tts_usd, cost_media_usd, cost_usd, pricing_version) VALUES ");
        for (int i = 0; i < turns.length; i++) {
            Object[] t = turns[i];
            long ms = (Long) t[1];
            sql.append(i == 0 ? "" : ", ")
                    .append("('")
                    .append(java.util.UUID.nameUUIDFromBytes(
                            (callId + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .append("', toDateTime(")
                    .append(ms / 1000)
                    .append("), ")
                    .append(ms % 1000)
                    .append(", '")
                    .append(tenant)
                    .append("', '")
                    .append(persona)
                    .append("', 's-")
                    .append(callId)
                    .append("', 'voice', ")
                    .append(i + 1)
                    .append(", 100, 0, 0, '")
                    .append(callId)
                    .append("'");
            for (int f = 0; f <= 14; f++) {
                if (f == 1) {
                    continue;
                }
                Object v = t[f];
                sql.append(", ").append(v == null ? "NULL" : v instanceof String s ? "'" + s + "'" : v.toString());
            }
            for (int f = 15; f <= 19; f++) {
                sql.append(", ").append(t[f]);
            }
            sql.append(", '2026-12-02.1')");
        }
        clickHouse.execute(sql.toString());
    }
}
