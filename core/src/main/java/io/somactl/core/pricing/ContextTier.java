package io.somactl.core.pricing;

import java.util.Objects;

/**
 * A long-context price tier: when a request's context (input + cached read + cached write tokens)
 * is strictly greater than {@code aboveContextTokens}, all of its tokens are priced at
 * {@code prices}.
 */
public record ContextTier(long aboveContextTokens, TokenPrices prices) {
    public ContextTier {
        if (aboveContextTokens <= 0) {
            throw new IllegalArgumentException("aboveContextTokens must be > 0, got " + aboveContextTokens);
        }
        Objects.requireNonNull(prices, "prices");
    }
}
