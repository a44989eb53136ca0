package io.somactl.core.budget;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * A proposed action, as the policy client describes it before doing it. Token budgets on input or
 * output count the split when it is given, else the whole {@code tokens} (an upper bound); GPU time
 * is counted in micro-seconds (rounded half-even, as ingest does).
 *
 * @param persona null when the action is not a persona's
 * @param tokens total tokens the action may use; null when only the split is given
 */
public record BudgetRequest(
        String tenant,
        String persona,
        Long tokens,
        Long inputTokens,
        Long outputTokens,
        BigDecimal costUsd,
        BigDecimal gpuSeconds) {
    public BudgetRequest {
        Names.tenant(tenant);
        if (persona != null) {
            Names.persona(persona);
        }
        for (Long count : new Long[] {tokens, inputTokens, outputTokens}) {
            if (count != null && count < 0) {
                throw new IllegalArgumentException("token counts must not be negative: " + count);
            }
        }
        if (costUsd != null && costUsd.signum() < 0 || gpuSeconds != null && gpuSeconds.signum() < 0) {
            throw new IllegalArgumentException("cost and GPU seconds must not be negative");
        }
    }

    /** Nothing requested: what {@code budget show} measures with. */
    public static BudgetRequest nothing(String tenant, String persona) {
        return new BudgetRequest(tenant, persona, 0L, null, null, null, null);
    }

    public static BudgetRequest tokens(String tenant, String persona, long tokens) {
        return new BudgetRequest(tenant, persona, tokens, null, null, null, null);
    }

    /** The request's amount for a metric, in base units. */
    public BigInteger units(Metric metric) {
        return switch (metric) {
            case INPUT_TOKENS -> BigInteger.valueOf(inputTokens != null ? inputTokens : total());
            case OUTPUT_TOKENS -> BigInteger.valueOf(outputTokens != null ? outputTokens : total());
            case TOTAL_TOKENS -> BigInteger.valueOf(total());
            case COST_USD ->
                costUsd == null
                        ? BigInteger.ZERO
                        : costUsd.setScale(12, RoundingMode.CEILING)
                                .movePointRight(12)
                                .toBigIntegerExact();
            case GPU_HOURS ->
                gpuSeconds == null
                        ? BigInteger.ZERO
                        : gpuSeconds
                                .setScale(6, RoundingMode.HALF_EVEN)
                                .movePointRight(6)
                                .toBigIntegerExact();
        };
    }

    private long total() {
        if (tokens != null) {
            return tokens;
        }
        return (inputTokens == null ? 0 : inputTokens) + (outputTokens == null ? 0 : outputTokens);
    }
}
