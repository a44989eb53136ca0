package io.somactl.core.pricing;

/**
 * An event's tokens as the five disjoint classes that are billed: plain (uncached) input, cached
 * reads, cached writes, visible output and reasoning. Whatever the model's {@link UsageConvention},
 * these add up to every token the provider billed, each once; they are what ingest stores in the
 * token columns and counts in the budget counters.
 */
public record BilledTokens(long input, long cachedRead, long cachedWrite, long output, long reasoning) {
    public BilledTokens {
        Checks.count("input", input);
        Checks.count("cachedRead", cachedRead);
        Checks.count("cachedWrite", cachedWrite);
        Checks.count("output", output);
        Checks.count("reasoning", reasoning);
    }

    /** All five classes together. */
    public long total() {
        return Math.addExact(
                Math.addExact(Math.addExact(Math.addExact(input, cachedRead), cachedWrite), output), reasoning);
    }

    /** The request's context for tier selection: input + cached read + cached write. */
    public long context() {
        return Math.addExact(Math.addExact(input, cachedRead), cachedWrite);
    }
}
