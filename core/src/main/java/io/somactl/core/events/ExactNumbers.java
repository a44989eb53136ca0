package io.somactl.core.events;

import java.math.BigDecimal;

/**
 * Exact arithmetic on a JSON number's text, used only where its double could mislead: JSON Schema
 * compares the number as written, so {@code 5.0000000000000000001} is above a maximum of 5 and
 * {@code 1e-400} is above a minimum of 0 even though their doubles are 5.0 and 0.0.
 */
final class ExactNumbers {

    /** Far beyond any bound a schema writes, yet cheap for BigDecimal (the scale stays an int). */
    private static final long CLAMPED_EXPONENT = 1_000_000_000L;

    private ExactNumbers() {}

    /** The exact value of a JSON number's text; throws NumberFormatException if its exponent is beyond BigDecimal. */
    static BigDecimal exact(String text) {
        return new BigDecimal(text);
    }

    /**
     * The value, or for an exponent beyond BigDecimal's range (e.g. {@code 1e-9999999999}) a value
     * of the same sign, integrality and order relative to any bound written in a schema.
     */
    static BigDecimal comparable(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            int e1 = Math.max(text.indexOf('e'), text.indexOf('E'));
            BigDecimal mantissa = new BigDecimal(text.substring(0, e1));
            boolean negativeExponent = text.charAt(e1 + 1) == '-';
            int exponent = (int) (negativeExponent ? -CLAMPED_EXPONENT : CLAMPED_EXPONENT);
            return mantissa.scaleByPowerOfTen(exponent);
        }
    }

    /** Compares a number token's value with {@code bound} exactly, doing BigDecimal work only when the double cannot tell. */
    static int compare(double value, String text, BigDecimal bound, double boundAsDouble) {
        // Rounding to double is monotonic: x >= bound implies round(x) >= round(bound), and so on.
        if (value < boundAsDouble) {
            return -1;
        }
        if (value > boundAsDouble) {
            return 1;
        }
        return comparable(text).compareTo(bound);
    }

    static boolean isIntegral(double value, String text) {
        if (value != Math.rint(value)) {
            return false; // an integral x has an integral double
        }
        BigDecimal exact = comparable(text);
        return exact.signum() == 0 || exact.stripTrailingZeros().scale() <= 0;
    }
}
