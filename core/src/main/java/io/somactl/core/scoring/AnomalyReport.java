package io.somactl.core.scoring;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of {@code score anomalies} over a window: every flag, and how many hours were judged
 * and skipped (too few events or baseline days).
 */
public record AnomalyReport(
        Instant since,
        Instant until,
        Instant computedAt,
        AnomalyDetector.Settings settings,
        int judged,
        int skipped,
        double largestZ,
        List<Flag> flags) {

    /** A flagged hour of a subject's metric. {@code subjectKind} is {@code model} or {@code tenant}. */
    public record Flag(String subjectKind, String subject, AnomalyMetric metric, AnomalyDetector.Judgement judgement) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** The JSON text {@code -o json} prints and the Redis key holds; numbers with 6 significant digits. */
    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", "somactl.anomaly-flags");
        root.put("version", 1);
        ObjectNode window = root.putObject("window");
        window.put("since", since.toString());
        window.put("until", until.toString());
        root.put("computed_at", computedAt.toString());
        ObjectNode s = root.putObject("settings");
        s.put("threshold", settings.threshold());
        s.put("baseline_days", settings.baselineDays());
        s.put("min_baseline_days", settings.minBaselineDays());
        s.put("min_count", settings.minCount());
        s.put("relative_floor", settings.relativeFloor());
        root.put("judged", judged);
        root.put("skipped", skipped);
        root.put("largest_z", significant(largestZ));
        ArrayNode list = root.putArray("flags");
        for (Flag f : flags) {
            ObjectNode o = list.addObject();
            o.put("subject_kind", f.subjectKind());
            o.put("subject", f.subject());
            o.put("metric", f.metric().key());
            o.put("hour", f.judgement().hour().toString());
            o.put("value", significant(f.judgement().value()));
            o.put("median", significant(f.judgement().median()));
            o.put("scale", significant(f.judgement().scale()));
            o.put("z", significant(f.judgement().z()));
            o.put("baseline_hours", f.judgement().baselineHours());
            o.put("events", f.judgement().count());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write anomaly flags as JSON", e);
        }
    }

    static BigDecimal significant(double value) {
        if (!Double.isFinite(value)) {
            return BigDecimal.valueOf(value > 0 ? Double.MAX_VALUE : 0);
        }
        return new BigDecimal(value, new MathContext(6)).stripTrailingZeros();
    }
}
