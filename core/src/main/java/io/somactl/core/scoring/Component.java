package io.somactl.core.scoring;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One measured property of a model over a window, with the direction that is better. Components a
 * model cannot have (an escalation target has no queue delay, an SLM no fallbacks) are simply absent
 * for it: its score is taken over the components it has (see {@link Scorer}).
 */
public enum Component {
    SUCCESS_RATE(Group.QUALITY, true, "share of requests that succeeded (SLM status ok; escalation outcome success)"),
    FALLBACK_RATE(Group.QUALITY, false, "share of escalations whose outcome was fallback"),
    POLICY_BLOCK_RATE(
            Group.QUALITY, false, "share of the policy decisions on the model's requests that blocked (by request_id)"),
    TOOL_SUCCESS_RATE(Group.QUALITY, true, "share of tool calls that succeeded, in sessions the model served"),
    WER(Group.QUALITY, false, "average word error rate of voice calls the model served a turn of"),
    MOS_LQO(Group.QUALITY, true, "average MOS-LQO of voice calls the model served a turn of"),
    COST_PER_1K_TOKENS(Group.COST, false, "priced cost (USD) per 1,000 tokens, input and output"),
    COST_PER_REQUEST(Group.COST, false, "priced cost (USD) per request"),
    LATENCY_P50_MS(Group.LATENCY, false, "median latency, ms"),
    LATENCY_P95_MS(Group.LATENCY, false, "95th percentile latency, ms"),
    LATENCY_P99_MS(Group.LATENCY, false, "99th percentile latency, ms"),
    QUEUE_DELAY_MS(Group.LATENCY, false, "average queue delay, ms (SLM requests that reported one)"),
    TTFT_MS(Group.LATENCY, false, "average time to first token, ms (SLM requests that reported one)"),
    ERROR_RATE(
            Group.RELIABILITY,
            false,
            "share of requests that failed (SLM status error or timeout; escalation outcome error)"),
    ABORT_RATE(Group.RELIABILITY, false, "share of SLM requests aborted"),
    AVAILABILITY(Group.RELIABILITY, true, "share of the window's hours with requests in which at least one succeeded");

    /** Groups of components; a weight on a group is shared equally by its components. */
    public enum Group {
        QUALITY,
        COST,
        LATENCY,
        RELIABILITY;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Group group;
    private final boolean higherIsBetter;
    private final String description;

    Component(Group group, boolean higherIsBetter, String description) {
        this.group = group;
        this.higherIsBetter = higherIsBetter;
        this.description = description;
    }

    public Group group() {
        return group;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    public String description() {
        return description;
    }

    /** The name in flags, files and JSON: {@code fallback_rate}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<Component> of(Group group) {
        return Arrays.stream(values()).filter(c -> c.group == group).toList();
    }

    /** @throws IllegalArgumentException naming the known keys */
    public static Component parse(String key) {
        for (Component c : values()) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown score component '" + key + "' (known: " + keys() + ")");
    }

    static String keys() {
        StringBuilder all = new StringBuilder();
        for (Group g : Group.values()) {
            all.append(all.isEmpty() ? "" : ", ").append(g.key());
        }
        for (Component c : values()) {
            all.append(", ").append(c.key());
        }
        return all.toString();
    }
}
