package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/** List prices in USD per 1M tokens for each token class. */
public record TokenPrices(
        BigDecimal input,
        BigDecimal cachedInputRead,
        BigDecimal cachedInputWrite,
        BigDecimal output,
        BigDecimal reasoning) {

    public TokenPrices {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(cachedInputRead, "cachedInputRead");
        Objects.requireNonNull(cachedInputWrite, "cachedInputWrite");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(reasoning, "reasoning");
    }

    /** The price per 1M tokens of one class. */
    public BigDecimal get(TokenClass tokenClass) {
        return switch (tokenClass) {
            case INPUT -> input;
            case CACHED_INPUT_READ -> cachedInputRead;
            case CACHED_INPUT_WRITE -> cachedInputWrite;
            case OUTPUT -> output;
            case REASONING -> reasoning;
        };
    }
}
