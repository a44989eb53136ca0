package io.somactl.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {
    @Test
    void presentationRoundsToCentsHalfEven() {
        assertEquals(
                new BigDecimal("0.02"), Money.present(new BigDecimal("0.025")), "a half cent rounds to even (down)");
        assertEquals(new BigDecimal("0.04"), Money.present(new BigDecimal("0.035")), "a half cent rounds to even (up)");
        assertEquals(new BigDecimal("0.03"), Money.present(new BigDecimal("0.025000000001")), "above half rounds up");
        assertEquals(new BigDecimal("0.00"), Money.present(new BigDecimal("0.004999999999")));
    }

    @Test
    void storageQuantizationIsTwelvePlacesHalfEven() {
        assertEquals(
                new BigDecimal("0.000000000000"),
                Money.quantize(new BigDecimal("0.0000000000005")),
                "half rounds to even 0");
        assertEquals(
                new BigDecimal("0.000000000002"),
                Money.quantize(new BigDecimal("0.0000000000015")),
                "half rounds to even 2");
    }

    @Test
    void formatShowsDollarsAndCents() {
        assertEquals("$1,234.57", Money.format(new BigDecimal("1234.565000000001")));
        assertEquals("$0.00", Money.format(new BigDecimal("0.000333333333")));
        assertEquals("-$0.10", Money.format(new BigDecimal("-0.1")));
    }

    @Test
    void quotientIsPresentedWithOneRounding() {
        // 1 / 3 = 0.333... -> 0.33; 0.125 / 1 -> 0.12 (half even)
        assertEquals(new BigDecimal("0.33"), Money.presentQuotient(BigDecimal.ONE, new BigDecimal("3")));
        assertEquals(new BigDecimal("0.12"), Money.presentQuotient(new BigDecimal("0.125"), BigDecimal.ONE));
    }
}
