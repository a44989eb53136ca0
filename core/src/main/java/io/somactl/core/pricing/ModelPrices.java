package io.somactl.core.pricing;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** A model's per-1M-token prices: base prices plus optional long-context tiers (sorted by threshold). */
public record ModelPrices(TokenPrices base, List<ContextTier> tiers) {
    public ModelPrices {
        Objects.requireNonNull(base, "base");
        tiers = tiers.stream()
                .sorted(Comparator.comparingLong(ContextTier::aboveContextTokens))
                .toList();
        for (int i = 1; i < tiers.size(); i++) {
            if (tiers.get(i).aboveContextTokens() == tiers.get(i - 1).aboveContextTokens()) {
                throw new IllegalArgumentException(
                        "duplicate tier above_context_tokens " + tiers.get(i).aboveContextTokens());
            }
        }
    }

    /** The prices that apply to a request with this many context tokens (highest tier exceeded, else base). */
    public TokenPrices forContext(long contextTokens) {
        for (int i = tiers.size() - 1; i >= 0; i--) {
            if (contextTokens > tiers.get(i).aboveContextTokens()) {
                return tiers.get(i).prices();
            }
        }
        return base;
    }
}
