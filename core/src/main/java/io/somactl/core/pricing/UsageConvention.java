package io.somactl.core.pricing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a model's provider counts the tokens a producer copies into an event. Providers differ in two
 * ways: whether cached prompt tokens are counted <em>inside</em> the prompt (input) count or
 * <em>beside</em> it, and whether reasoning (thinking) tokens are counted inside the completion
 * (output) count or beside it. Billing one convention as another double-counts. A catalog model
 * period names its convention ({@code usage_convention}); the pricer turns the reported counts into
 * the five disjoint billed classes (see {@link BilledTokens}) before it prices them.
 *
 * <table>
 *   <caption>Where the event's counts come from, per convention</caption>
 *   <tr><th>convention</th><th>cached read/write tokens</th><th>reasoning tokens</th><th>providers</th></tr>
 *   <tr><td>{@code disjoint}</td><td>beside input</td><td>beside output</td><td>somactl's own event meaning (default)</td></tr>
 *   <tr><td>{@code openai}</td><td>inside input ({@code prompt_tokens})</td><td>inside output ({@code completion_tokens})</td><td>OpenAI, DeepSeek, Groq, Mistral</td></tr>
 *   <tr><td>{@code anthropic}</td><td>beside input ({@code input_tokens})</td><td>inside output ({@code output_tokens})</td><td>Anthropic</td></tr>
 *   <tr><td>{@code gemini}</td><td>inside input ({@code promptTokenCount})</td><td>beside output ({@code thoughtsTokenCount})</td><td>Google Gemini</td></tr>
 * </table>
 */
public enum UsageConvention {
    DISJOINT("disjoint", false, false),
    OPENAI("openai", true, true),
    ANTHROPIC("anthropic", false, true),
    GEMINI("gemini", true, false);

    private final String key;
    private final boolean cacheInsideInput;
    private final boolean reasoningInsideOutput;

    UsageConvention(String key, boolean cacheInsideInput, boolean reasoningInsideOutput) {
        this.key = key;
        this.cacheInsideInput = cacheInsideInput;
        this.reasoningInsideOutput = reasoningInsideOutput;
    }

    /** The catalog value, e.g. {@code openai}. */
    public String key() {
        return key;
    }

    /** Whether the event's {@code input_tokens} includes its cached read and write tokens. */
    public boolean cacheInsideInput() {
        return cacheInsideInput;
    }

    /** Whether the event's {@code output_tokens} includes its reasoning tokens. */
    public boolean reasoningInsideOutput() {
        return reasoningInsideOutput;
    }

    public static Optional<UsageConvention> byKey(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst();
    }

    public static String keys() {
        return String.join(
                ", ", Arrays.stream(values()).map(UsageConvention::key).toList());
    }

    /**
     * The disjoint billed classes of counts reported under this convention.
     *
     * @return the billed tokens, or empty when the counts cannot come from this convention (the
     *     reason is {@link #impossibility})
     */
    public Optional<BilledTokens> bill(long input, long cachedRead, long cachedWrite, long output, long reasoning) {
        return impossibility(input, cachedRead, cachedWrite, output, reasoning) != null
                ? Optional.empty()
                : Optional.of(new BilledTokens(
                        cacheInsideInput ? input - cachedRead - cachedWrite : input,
                        cachedRead,
                        cachedWrite,
                        reasoningInsideOutput ? output - reasoning : output,
                        reasoning));
    }

    /** Why these counts cannot have been reported under this convention, or {@code null} if they can. */
    public String impossibility(long input, long cachedRead, long cachedWrite, long output, long reasoning) {
        if (cacheInsideInput && cachedRead + cachedWrite > input) {
            return "cached tokens (" + cachedRead + " read + " + cachedWrite + " write) exceed input_tokens " + input
                    + ", which include them under the " + key + " usage convention";
        }
        if (reasoningInsideOutput && reasoning > output) {
            return "reasoning_tokens " + reasoning + " exceed output_tokens " + output
                    + ", which include them under the " + key + " usage convention";
        }
        return null;
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
