package io.somactl.core.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code ModelAnomaly}: the flags {@code score anomalies} last published (Redis {@code {PREFIX}:scores:anomalies}).
 * One finding per flagged subject and metric (labels {@code model} or {@code tenant}, and {@code metric}; never the
 * hour or a number, so a cron {@code --push} does not flap): warning, critical at or past {@code critical-z}. Its
 * hours are merged into one finding, the evidence naming the one with the largest robust z. A document computed
 * more than {@code max-age} ago is stale: its flags are ignored (ok). No key: ok (nothing flagged yet); a key
 * that cannot be read or parsed: unknown.
 */
public final class AnomalyRule implements ProbeRule {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final BigDecimal criticalZ;
    private final Duration maxAge;
    private final Supplier<String> document;
    private final Clock clock;

    /** {@code document} reads the key's text (null when there is none). */
    public AnomalyRule(String name, BigDecimal criticalZ, Duration maxAge, Supplier<String> document, Clock clock) {
        if (criticalZ.signum() <= 0 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException(name + ": critical-z and max-age must be above 0");
        }
        this.name = name;
        this.criticalZ = criticalZ;
        this.maxAge = maxAge;
        this.document = document;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "a model's or tenant's hour flagged by score anomalies in the last " + maxAge
                + " (warning; critical at robust z " + criticalZ.toPlainString() + " or more)";
    }

    @Override
    public RuleResult evaluate() {
        String text;
        try {
            text = document.get();
        } catch (RuntimeException e) {
            return RuleResult.unknown(name, e.getMessage());
        }
        if (text == null) {
            return RuleResult.of(name, "no anomaly flags published (score anomalies has not run)", List.of());
        }
        JsonNode root;
        Instant computedAt;
        try {
            root = JSON.readTree(text);
            if (root == null
                    || !"somactl.anomaly-flags".equals(root.path("kind").asText())
                    || !root.path("flags").isArray()) {
                return RuleResult.unknown(name, "the anomaly flags key does not hold a somactl.anomaly-flags document");
            }
            computedAt = Instant.parse(root.path("computed_at").asText());
        } catch (IOException | DateTimeParseException e) {
            return RuleResult.unknown(name, "cannot parse the anomaly flags: " + e.getMessage());
        }
        Duration age = Duration.between(computedAt, clock.instant());
        if (age.compareTo(maxAge) > 0) {
            return RuleResult.of(
                    name,
                    "anomaly flags computed at " + computedAt + ", older than " + maxAge + ": stale, ignored",
                    List.of());
        }
        Map<List<String>, List<JsonNode>> bySubject = new LinkedHashMap<>();
        try {
            for (JsonNode flag : root.get("flags")) {
                String kind = text(flag, "subject_kind");
                if (!kind.equals("model") && !kind.equals("tenant")) {
                    throw new IllegalArgumentException("subject_kind '" + kind + "'");
                }
                bySubject
                        .computeIfAbsent(
                                List.of(kind, text(flag, "subject"), text(flag, "metric")), k -> new ArrayList<>())
                        .add(flag);
            }
            List<Finding> findings = new ArrayList<>();
            for (Map.Entry<List<String>, List<JsonNode>> subject : bySubject.entrySet()) {
                JsonNode worst = null;
                for (JsonNode flag : subject.getValue()) {
                    if (worst == null || number(flag, "z").compareTo(number(worst, "z")) > 0) {
                        worst = flag;
                    }
                }
                BigDecimal z = number(worst, "z");
                AlertState state = z.compareTo(criticalZ) >= 0 ? AlertState.CRITICAL : AlertState.WARNING;
                Map<String, String> labels = new TreeMap<>();
                labels.put(subject.getKey().get(0), subject.getKey().get(1));
                labels.put("metric", subject.getKey().get(2));
                String evidence = subject.getKey().get(0) + " "
                        + subject.getKey().get(1) + " " + subject.getKey().get(2)
                        + " at " + text(worst, "hour") + ": "
                        + number(worst, "value").toPlainString()
                        + " vs baseline " + number(worst, "median").toPlainString() + ", robust z "
                        + z.toPlainString()
                        + (subject.getValue().size() > 1
                                ? " (" + subject.getValue().size() + " hours flagged)"
                                : "");
                findings.add(new Finding(state, labels, evidence, false, z));
            }
            return RuleResult.of(name, "no anomaly flags (computed at " + computedAt + ")", findings);
        } catch (IllegalArgumentException e) {
            return RuleResult.unknown(name, "cannot parse the anomaly flags: " + e.getMessage());
        }
    }

    private static String text(JsonNode flag, String field) {
        JsonNode value = flag.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            throw new IllegalArgumentException("a flag has no " + field);
        }
        return value.asText();
    }

    private static BigDecimal number(JsonNode flag, String field) {
        return new BigDecimal(text(flag, field));
    }
}
