package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The two roundings money ever goes through in somactl, and nothing else.
 *
 * <ul>
 *   <li>{@link #quantize(BigDecimal)}: one component cost of one event, computed exactly, is rounded
 *       once to {@value #STORAGE_SCALE} decimal places ({@link RoundingMode#HALF_EVEN}), the
 *       precision ClickHouse stores ({@code Decimal(38,12)}). Event totals and sums over events are
 *       exact sums of quantized values and are never rounded again.
 *   <li>{@link #present(BigDecimal)}: bills and tables round to cents ({@link RoundingMode#HALF_EVEN})
 *       once, at the very end.
 * </ul>
 */
public final class Money {
    /** Decimal places of every stored cost (ClickHouse {@code Decimal(38,12)}). */
    public static final int STORAGE_SCALE = 12;
    /** Decimal places of every presented amount (cents). */
    public static final int PRESENTATION_SCALE = 2;
    /** The one rounding mode used for money. */
    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;
    /** Zero at storage scale. */
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(STORAGE_SCALE);

    private Money() {}

    /** Rounds an exact component cost to storage precision, once. */
    public static BigDecimal quantize(BigDecimal exact) {
        return exact.setScale(STORAGE_SCALE, ROUNDING);
    }

    /** Rounds an amount to cents for presentation, once. Do not feed the result back into sums. */
    public static BigDecimal present(BigDecimal amount) {
        return amount.setScale(PRESENTATION_SCALE, ROUNDING);
    }

    /**
     * Presents {@code dividend / divisor} rounded to cents in a single rounding of the exact quotient
     * (e.g. cost per minute), rather than rounding an already-rounded quotient again.
     *
     * @throws ArithmeticException if {@code divisor} is zero
     */
    public static BigDecimal presentQuotient(BigDecimal dividend, BigDecimal divisor) {
        return dividend.divide(divisor, PRESENTATION_SCALE, ROUNDING);
    }

    /** {@code "$1,234.57"}-style text of {@link #present(BigDecimal)}; negative amounts as {@code "-$0.10"}. */
    public static String format(BigDecimal amount) {
        BigDecimal cents = present(amount);
        String digits = String.format(java.util.Locale.ROOT, "%,.2f", cents.abs());
        return (cents.signum() < 0 ? "-$" : "$") + digits;
    }
}
