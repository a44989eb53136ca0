package io.somactl.core.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A limit lies in the documented range: above 0, at most 10^15 tokens, 10^12 USD, 10^9 GPU hours, no finer than the unit. */
class BudgetLimitRangeTest {
    private static BudgetLimit limit(Metric metric, String amount) {
        return new BudgetLimit(
                Period.DAILY, metric, WindowKind.CALENDAR, new BigDecimal(amount), List.of(), LimitAction.PAUSE, null);
    }

    @Test
    void theLargestLimitOfEachMetricIsAcceptedAndFitsTheScriptsExactRange() {
        BigInteger below2pow53 = BigInteger.TWO.pow(53);
        for (Metric metric : Metric.values()) {
            BudgetLimit largest = limit(metric, metric.maxLimit().toPlainString());
            BigInteger high = largest.limitUnits().divide(BigInteger.TEN.pow(12)); // the script's (high, low) pair
            assertEquals(-1, high.compareTo(below2pow53), metric.cliName() + ": the high part must stay below 2^53");
        }
        assertEquals(
                new BigInteger("999999999999999999999999"),
                limit(Metric.COST_USD, "999999999999.999999999999").limitUnits());
    }

    @Test
    void aLimitOutsideTheRangeIsRefusedSayingTheRange() {
        assertEquals(
                "limit of daily total-tokens 1E+400 is too large: at most 1000000000000000 tokens",
                assertThrows(IllegalArgumentException.class, () -> limit(Metric.TOTAL_TOKENS, "1e400"))
                        .getMessage());
        assertEquals(
                "limit of daily cost-usd 1000000000000.000000000001 is too large: at most 1000000000000 USD",
                assertThrows(IllegalArgumentException.class, () -> limit(Metric.COST_USD, "1000000000000.000000000001"))
                        .getMessage());
        assertEquals(
                "cost-usd amount must not be negative: -0.01",
                assertThrows(IllegalArgumentException.class, () -> limit(Metric.COST_USD, "-0.01"))
                        .getMessage());
        assertEquals(
                "cost-usd amount 0.0000000000001 is finer than a pico-dollar (12 decimals)",
                assertThrows(IllegalArgumentException.class, () -> limit(Metric.COST_USD, "0.0000000000001"))
                        .getMessage());
    }

    @Test
    void aHugeExponentIsRefusedWithoutExpandingIt() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Metric.TOTAL_TOKENS.toBaseUnits(new BigDecimal("1e999999999")));
            assertThrows(
                    IllegalArgumentException.class, () -> Metric.COST_USD.toBaseUnits(new BigDecimal("1e-999999999")));
            assertThrows(IllegalArgumentException.class, () -> limit(Metric.GPU_HOURS, "1e999999999"));
        });
    }
}
