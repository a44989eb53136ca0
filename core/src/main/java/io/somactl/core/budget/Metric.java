package io.somactl.core.budget;

import io.somactl.core.text.Printable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a budget limits, and the exact integer unit it is counted in: tokens, pico-dollars (10^-12
 * USD, the precision costs are stored with), GPU micro-seconds. Limits are written in the user's
 * unit (tokens, USD, GPU hours) and converted once, exactly; a limit that is not a whole number of
 * base units is refused rather than rounded.
 */
public enum Metric {
    INPUT_TOKENS("input-tokens", "input_tokens", "tokens", BigDecimal.ONE, BigDecimal.TEN.pow(15)),
    OUTPUT_TOKENS("output-tokens", "output_tokens", "tokens", BigDecimal.ONE, BigDecimal.TEN.pow(15)),
    TOTAL_TOKENS("total-tokens", "total_tokens", "tokens", BigDecimal.ONE, BigDecimal.TEN.pow(15)),
    COST_USD("cost-usd", "cost", "USD", BigDecimal.ONE.movePointRight(12), BigDecimal.TEN.pow(12)),
    GPU_HOURS("gpu-hours", "gpu_micros", "GPU hours", BigDecimal.valueOf(3_600_000_000L), BigDecimal.TEN.pow(9));

    /** Digits beyond which an amount is not even converted (1e999999999 would take gigabytes). */
    private static final int MAX_DIGITS = 40;

    private final String cliName;
    private final String counterField;
    private final String unit;
    private final BigDecimal baseUnitsPerUnit;
    private final BigDecimal maxLimit;

    Metric(String cliName, String counterField, String unit, BigDecimal baseUnitsPerUnit, BigDecimal maxLimit) {
        this.cliName = cliName;
        this.counterField = counterField;
        this.unit = unit;
        this.baseUnitsPerUnit = baseUnitsPerUnit;
        this.maxLimit = maxLimit;
    }

    /**
     * The largest limit of this metric, in its unit: 10^15 tokens, 10^12 USD, 10^9 GPU hours. Far above
     * any real budget, and far below what the budget script compares exactly (2^53 whole units).
     */
    public BigDecimal maxLimit() {
        return maxLimit;
    }

    /** The name on the command line and in budget files: {@code total-tokens}, {@code cost-usd}, {@code gpu-hours}. */
    public String cliName() {
        return cliName;
    }

    /** The usage counter field it reads ({@code cost} means the {@code cost_usd} + {@code cost_pico} pair). */
    public String counterField() {
        return counterField;
    }

    public String unit() {
        return unit;
    }

    /** An amount in the user's unit as base units; refuses negative amounts and fractions of a base unit. */
    public BigInteger toBaseUnits(BigDecimal amount) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException(cliName + " amount must not be negative: " + shown(amount));
        }
        if (amount.precision() - amount.scale() > MAX_DIGITS) {
            throw new IllegalArgumentException(cliName + " amount " + shown(amount) + " is too large");
        }
        if (amount.scale() > MAX_DIGITS && amount.signum() != 0) {
            throw new IllegalArgumentException(cliName + " amount " + shown(amount) + " is finer than "
                    + (this == COST_USD
                            ? "a pico-dollar (12 decimals)"
                            : this == GPU_HOURS ? "a GPU micro-second" : "one token"));
        }
        BigDecimal base = amount.multiply(baseUnitsPerUnit);
        try {
            return base.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(cliName + " amount " + shown(amount) + " is finer than "
                    + (this == COST_USD
                            ? "a pico-dollar (12 decimals)"
                            : this == GPU_HOURS ? "a GPU micro-second" : "one token"));
        }
    }

    /** An amount as the user can read it: plain unless that would be very long ({@code 1E+400}). */
    static String shown(BigDecimal amount) {
        return Math.abs((long) amount.precision() - amount.scale()) > 30 || amount.scale() > 30
                ? amount.toString()
                : amount.toPlainString();
    }

    /** Base units back in the user's unit, exactly. */
    public BigDecimal fromBaseUnits(BigInteger units) {
        return plain(new BigDecimal(units).divide(baseUnitsPerUnit));
    }

    /** Without trailing zeros, and never in exponent form ({@code 1000000}, not {@code 1E+6}). */
    public static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public boolean isTokens() {
        return this == INPUT_TOKENS || this == OUTPUT_TOKENS || this == TOTAL_TOKENS;
    }

    public static Optional<Metric> byName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(m -> m.cliName.equals(wanted)).findFirst();
    }

    public static Metric parse(String name) {
        return byName(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown budget metric " + Printable.quote(name) + "; use one of: " + names()));
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Metric::cliName).toList());
    }
}
