package io.somactl.core.budget;

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
    INPUT_TOKENS("input-tokens", "input_tokens", "tokens", BigDecimal.ONE),
    OUTPUT_TOKENS("output-tokens", "output_tokens", "tokens", BigDecimal.ONE),
    TOTAL_TOKENS("total-tokens", "total_tokens", "tokens", BigDecimal.ONE),
    COST_USD("cost-usd", "cost", "USD", BigDecimal.ONE.movePointRight(12)),
    GPU_HOURS("gpu-hours", "gpu_micros", "GPU hours", BigDecimal.valueOf(3_600_000_000L));

    private final String cliName;
    private final String counterField;
    private final String unit;
    private final BigDecimal baseUnitsPerUnit;

    Metric(String cliName, String counterField, String unit, BigDecimal baseUnitsPerUnit) {
        this.cliName = cliName;
        this.counterField = counterField;
        this.unit = unit;
        this.baseUnitsPerUnit = baseUnitsPerUnit;
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
            throw new IllegalArgumentException(cliName + " amount must not be negative: " + amount.toPlainString());
        }
        BigDecimal base = amount.multiply(baseUnitsPerUnit);
        try {
            return base.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(cliName + " amount " + amount.toPlainString() + " is finer than "
                    + (this == COST_USD ? "a pico-dollar (12 decimals)" : this == GPU_HOURS ? "a GPU micro-second" : "one token"));
        }
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
        return byName(name).orElseThrow(() -> new IllegalArgumentException("unknown budget metric '" + name
                + "'; use one of: " + names()));
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Metric::cliName).toList());
    }
}
