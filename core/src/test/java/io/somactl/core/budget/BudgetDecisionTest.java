package io.somactl.core.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetDecisionTest {
    private static final Instant NOW = Instant.parse("2023-11-16T18:25:00Z");
    private static final BudgetLimit TOKENS = new BudgetLimit(
            Period.DAILY,
            Metric.TOTAL_TOKENS,
            WindowKind.CALENDAR,
            new BigDecimal("1000"),
            List.of(new BigDecimal("80"), new BigDecimal("90"), new BigDecimal("95")),
            LimitAction.PAUSE,
            null);

    private static BudgetUsage usage(BudgetLimit limit, long used, long request, boolean overridden) {
        return new BudgetUsage(
                "acme",
                null,
                limit,
                BudgetWindow.current(limit.period(), limit.window(), ZoneOffset.UTC, NOW),
                BigInteger.valueOf(used),
                BigInteger.ZERO,
                BigInteger.valueOf(request),
                overridden);
    }

    @Test
    void eachWarningStepIsReachedAtItsShareAndTheLimitItselfIsStillAllowed() {
        assertEquals(Decision.ALLOW, usage(TOKENS, 700, 99, false).decision());
        assertEquals("ok", usage(TOKENS, 700, 99, false).state());
        assertEquals(Decision.WARN, usage(TOKENS, 700, 100, false).decision());
        assertEquals("warn-80%", usage(TOKENS, 700, 100, false).state());
        assertEquals("warn-90%", usage(TOKENS, 900, 0, false).state());
        assertEquals("warn-95%", usage(TOKENS, 949, 1, false).state());
        assertEquals(Decision.WARN, usage(TOKENS, 999, 1, false).decision(), "reaching the limit exactly is allowed");
        assertEquals(Decision.PAUSE, usage(TOKENS, 999, 2, false).decision());
        assertEquals("over", usage(TOKENS, 999, 2, false).state());
    }

    @Test
    void eachHardActionIsItsDecisionAndAnOverrideTurnsItIntoAWarning() {
        for (LimitAction action : LimitAction.values()) {
            BudgetLimit limit = new BudgetLimit(
                    Period.DAILY,
                    Metric.TOTAL_TOKENS,
                    WindowKind.CALENDAR,
                    new BigDecimal("10"),
                    List.of(),
                    action,
                    action == LimitAction.DOWNGRADE ? "phi-3-mini" : null);
            assertEquals(Decision.of(action), usage(limit, 10, 1, false).decision());
            assertEquals(action.refuses(), usage(limit, 10, 1, false).refuses());
            assertEquals(Decision.WARN, usage(limit, 10, 1, true).decision());
            assertEquals("over-lifted", usage(limit, 10, 1, true).state());
        }
    }

    @Test
    void theMostSevereBudgetDecidesAndTheReasonNamesItsLimitUsageAndReset() {
        BudgetLimit cost = new BudgetLimit(
                Period.MONTHLY,
                Metric.COST_USD,
                WindowKind.CALENDAR,
                new BigDecimal("50.00"),
                List.of(new BigDecimal("80")),
                LimitAction.DOWNGRADE,
                "phi-3-mini");
        BudgetUsage tokens = usage(TOKENS, 100, 50, false);
        BudgetUsage money = new BudgetUsage(
                "acme",
                "support",
                cost,
                BudgetWindow.current(Period.MONTHLY, WindowKind.CALENDAR, ZoneOffset.UTC, NOW),
                Metric.COST_USD.toBaseUnits(new BigDecimal("49.99")),
                BigInteger.ZERO,
                Metric.COST_USD.toBaseUnits(new BigDecimal("0.02")),
                false);
        Verdict verdict = Verdict.of(List.of(tokens, money), ZoneOffset.UTC, NOW);
        assertEquals(Decision.DOWNGRADE, verdict.decision());
        assertEquals("phi-3-mini", verdict.downgradeTo());
        String reason = verdict.reason();
        assertTrue(reason.contains("acme/support monthly cost-usd"), reason);
        assertTrue(reason.contains("limit 50 USD"), reason);
        assertTrue(reason.contains("used 49.99"), reason);
        assertTrue(reason.contains("resets 2023-12-01T00:00:00Z"), reason);

        BudgetUsage paused = usage(TOKENS, 1000, 1, false);
        assertEquals(
                Decision.PAUSE,
                Verdict.of(List.of(money, paused, tokens), ZoneOffset.UTC, NOW).decision());
    }

    @Test
    void noBudgetMeansAllow() {
        Verdict verdict = Verdict.of(List.of(), ZoneId.of("UTC"), NOW);
        assertEquals(Decision.ALLOW, verdict.decision());
        assertNull(verdict.downgradeTo());
    }

    @Test
    void warningStepsRoundUpToAWholeBaseUnit() {
        BudgetLimit odd = new BudgetLimit(
                Period.DAILY,
                Metric.TOTAL_TOKENS,
                WindowKind.CALENDAR,
                new BigDecimal("7"),
                List.of(new BigDecimal("50")),
                LimitAction.PAUSE,
                null);
        assertEquals(List.of(BigInteger.valueOf(4)), odd.stepUnits(), "50% of 7 tokens is reached at 4");
    }

    @Test
    void moneyAndGpuLimitsAreExactBaseUnits() {
        assertEquals(
                new BigInteger("12345678901234567"), Metric.COST_USD.toBaseUnits(new BigDecimal("12345.678901234567")));
        assertEquals(BigInteger.valueOf(5_400_000_000L), Metric.GPU_HOURS.toBaseUnits(new BigDecimal("1.5")));
        assertEquals(
                new BigDecimal("12345.678901234567"),
                Metric.COST_USD.fromBaseUnits(new BigInteger("12345678901234567")));
        assertEquals(
                "1000000",
                Metric.TOTAL_TOKENS.fromBaseUnits(BigInteger.valueOf(1_000_000)).toPlainString());
        assertThrows(
                IllegalArgumentException.class, () -> Metric.COST_USD.toBaseUnits(new BigDecimal("0.0000000000001")));
        assertThrows(IllegalArgumentException.class, () -> Metric.TOTAL_TOKENS.toBaseUnits(new BigDecimal("1.5")));
    }

    @Test
    void aRequestCountsItsSplitOrElseAllItsTokensAgainstInputAndOutputBudgets() {
        BudgetRequest whole = BudgetRequest.tokens("acme", null, 500);
        assertEquals(BigInteger.valueOf(500), whole.units(Metric.INPUT_TOKENS));
        assertEquals(BigInteger.valueOf(500), whole.units(Metric.OUTPUT_TOKENS));
        BudgetRequest split =
                new BudgetRequest("acme", null, null, 300L, 200L, new BigDecimal("0.5"), new BigDecimal("1.5"));
        assertEquals(BigInteger.valueOf(300), split.units(Metric.INPUT_TOKENS));
        assertEquals(BigInteger.valueOf(500), split.units(Metric.TOTAL_TOKENS));
        assertEquals(new BigInteger("500000000000"), split.units(Metric.COST_USD));
        assertEquals(BigInteger.valueOf(1_500_000), split.units(Metric.GPU_HOURS));
    }

    @Test
    void badLimitsAreRefusedInTheUsersWords() {
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new BudgetLimit(
                                Period.DAILY,
                                Metric.TOTAL_TOKENS,
                                WindowKind.CALENDAR,
                                BigDecimal.TEN,
                                List.of(),
                                LimitAction.DOWNGRADE,
                                null))
                .getMessage()
                .contains("--downgrade-to"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new BudgetLimit(
                                Period.DAILY,
                                Metric.TOTAL_TOKENS,
                                WindowKind.CALENDAR,
                                BigDecimal.TEN,
                                List.of(new BigDecimal("100")),
                                LimitAction.PAUSE,
                                null))
                .getMessage()
                .contains("below 100"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new BudgetLimit(
                                Period.DAILY,
                                Metric.TOTAL_TOKENS,
                                WindowKind.CALENDAR,
                                BigDecimal.ZERO,
                                List.of(),
                                LimitAction.PAUSE,
                                null))
                .getMessage()
                .contains("more than 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Metric.parse("dollars"))
                .getMessage()
                .contains("cost-usd"));
    }
}
