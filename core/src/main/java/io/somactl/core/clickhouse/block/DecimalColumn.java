package io.somactl.core.clickhouse.block;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Decimal(P, S): the value times 10^S as a two's-complement integer of 4, 8 or 16 bytes
 * (P up to 9, 18, 38), little-endian. Money is never rounded here: a value with more than S
 * decimals, or too large for P digits, is refused.
 */
final class DecimalColumn extends FixedWidthColumn {
    private static final long[] LONG_LIMITS = new long[19]; // 10^0 .. 10^18

    static {
        LONG_LIMITS[0] = 1;
        for (int i = 1; i < LONG_LIMITS.length; i++) {
            LONG_LIMITS[i] = LONG_LIMITS[i - 1] * 10;
        }
    }

    private final int scale;
    private final int bytes;
    private final BigInteger limit;
    private final int longPrecision; // values of at most this many digits at scale S fit a long and P

    DecimalColumn(String name, String type, int precision, int scale) {
        super(name, type, precision <= 9 ? 4 : precision <= 18 ? 8 : 16);
        if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
            throw new IllegalArgumentException("column " + name + ": unsupported type " + type);
        }
        this.scale = scale;
        this.bytes = precision <= 9 ? 4 : precision <= 18 ? 8 : 16;
        this.limit = BigInteger.TEN.pow(precision);
        this.longPrecision = Math.min(precision, 18);
    }

    @Override
    public void appendMissing() {
        appendUnscaled(0, 0);
    }

    @Override
    public void appendLong(long value) {
        appendDecimal(BigDecimal.valueOf(value));
    }

    @Override
    public void appendDecimal(BigDecimal value) {
        if (value.scale() == scale && value.precision() <= longPrecision) {
            long v = value.scaleByPowerOfTen(scale).longValue(); // the common case: no BigInteger made
            appendUnscaled(v, v < 0 ? -1 : 0);
            return;
        }
        BigInteger unscaled;
        try {
            unscaled = value.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue();
        } catch (ArithmeticException e) {
            throw refused("the decimal " + value.toPlainString() + " (more than " + scale + " decimals)");
        }
        if (unscaled.abs().compareTo(limit) >= 0) {
            throw refused("the decimal " + value.toPlainString() + " (too large)");
        }
        if (unscaled.bitLength() < 64) {
            long v = unscaled.longValue();
            appendUnscaled(v, v < 0 ? -1 : 0);
        } else {
            appendUnscaled(unscaled.longValue(), unscaled.shiftRight(64).longValue());
        }
    }

    @Override
    public void appendUnscaledDecimal(long unscaled, int scale) {
        // The same test as appendDecimal's common case (precision <= longPrecision), on the long itself.
        if (scale == this.scale && unscaled > -LONG_LIMITS[longPrecision] && unscaled < LONG_LIMITS[longPrecision]) {
            appendUnscaled(unscaled, unscaled < 0 ? -1 : 0);
        } else {
            appendDecimal(BigDecimal.valueOf(unscaled, scale));
        }
    }

    private void appendUnscaled(long low, long high) {
        switch (bytes) {
            case 4 -> data.writeIntLE((int) low);
            case 8 -> data.writeLongLE(low);
            default -> {
                data.writeLongLE(low);
                data.writeLongLE(high);
            }
        }
    }
}
