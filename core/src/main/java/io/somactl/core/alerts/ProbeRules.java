package io.somactl.core.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.somactl.core.SomactlException;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The probe's rules file: one entry per rule, keyed by the rule's name (the alertname), with its kind
 * and thresholds. The shipped defaults are {@code probe-rules.yaml} beside this class.
 */
public final class ProbeRules {
    /**
     * Where the rules find their servers; each is asked for only when a rule needs it. {@code anomalies} reads
     * the text of the anomaly flags key (null when there is none); {@code clock} is when "now" is (flags' age).
     */
    public record Sources(
            Supplier<PrometheusApi> prometheus,
            Supplier<BudgetRule.Budgets> budgets,
            Supplier<ClickHouse> clickHouse,
            Supplier<String> anomalies,
            Clock clock) {
        public Sources(
                Supplier<PrometheusApi> prometheus,
                Supplier<BudgetRule.Budgets> budgets,
                Supplier<ClickHouse> clickHouse,
                Supplier<String> anomalies) {
            this(prometheus, budgets, clickHouse, anomalies, Clock.systemUTC());
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KINDS = Set.of("worker-down", "budget", "prometheus", "clickhouse", "anomalies");

    private final String origin;
    private final JsonNode root;

    private ProbeRules(String origin, JsonNode root) {
        this.origin = origin;
        this.root = root;
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new SomactlException(origin + ": no rules (expected a map of rule name to its kind and thresholds)");
        }
        Iterator<Map.Entry<String, JsonNode>> rules = root.fields();
        while (rules.hasNext()) {
            Map.Entry<String, JsonNode> rule = rules.next();
            if (!rule.getKey().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new SomactlException(origin + ": rule name '" + rule.getKey()
                        + "' is not a valid alert name (letters, digits, _; not starting with a digit)");
            }
            String kind = rule.getValue().path("kind").asText("");
            if (!KINDS.contains(kind)) {
                throw new SomactlException(origin + ": rule " + rule.getKey() + " has kind '" + kind
                        + "'; use one of worker-down, budget, prometheus, clickhouse, anomalies");
            }
        }
    }

    /** The shipped defaults. */
    public static ProbeRules defaults() {
        try (InputStream in = ProbeRules.class.getResourceAsStream("probe-rules.yaml")) {
            return new ProbeRules("the shipped probe rules", YAML.readTree(in));
        } catch (IOException e) {
            throw new SomactlException("cannot read the shipped probe rules: " + e.getMessage(), e);
        }
    }

    public static ProbeRules read(Path file) {
        try {
            return new ProbeRules(file.toString(), YAML.readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new SomactlException("cannot read rules file " + file + ": " + e.getMessage(), e);
        }
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The rules, in file order; {@code only} (when not null) picks one by name. */
    public List<ProbeRule> build(String only, Sources sources) {
        if (only != null && !root.has(only)) {
            throw new IllegalArgumentException("--rule: no rule named '" + only + "' in " + origin + " (rules: "
                    + String.join(", ", names()) + ")");
        }
        List<ProbeRule> rules = new ArrayList<>();
        for (String name : names()) {
            if (only == null || only.equals(name)) {
                rules.add(rule(name, root.get(name), sources));
            }
        }
        return rules;
    }

    private ProbeRule rule(String name, JsonNode node, Sources sources) {
        return switch (node.path("kind").asText()) {
            case "worker-down" ->
                new WorkerDownRule(
                        name,
                        text(name, node, "selector"),
                        Settings.parseDuration(name + ".for", text(name, node, "for")),
                        sources.prometheus());
            case "budget" ->
                new BudgetRule(
                        name,
                        number(name, node, "warning-percent"),
                        number(name, node, "critical-percent"),
                        sources.budgets());
            case "clickhouse" ->
                new ClickHouseThresholdRule(
                        name,
                        text(name, node, "query"),
                        labels(name, node),
                        thresholds(name, node),
                        sources.clickHouse());
            case "anomalies" ->
                new AnomalyRule(
                        name,
                        node.has("critical-z") ? number(name, node, "critical-z") : BigDecimal.TEN,
                        node.has("max-age")
                                ? Settings.parseDuration(name + ".max-age", text(name, node, "max-age"))
                                : java.time.Duration.ofHours(2),
                        sources.anomalies(),
                        sources.clock());
            default ->
                new PrometheusThresholdRule(
                        name, text(name, node, "query"), thresholds(name, node), sources.prometheus());
        };
    }

    private Thresholds thresholds(String rule, JsonNode node) {
        return new Thresholds(
                rule,
                number(rule, node, "warning"),
                number(rule, node, "critical"),
                node.path("below").asBoolean(false),
                node.path("unit").asText(""));
    }

    private List<String> labels(String rule, JsonNode node) {
        List<String> labels = new ArrayList<>();
        for (JsonNode label : node.path("labels")) {
            labels.add(label.asText());
        }
        if (labels.isEmpty()) {
            throw new SomactlException(
                    origin + ": rule " + rule + " needs labels (the columns before the value, e.g. [tenant])");
        }
        return labels;
    }

    private String text(String rule, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            throw new SomactlException(origin + ": rule " + rule + " needs " + field);
        }
        return value.asText();
    }

    private BigDecimal number(String rule, JsonNode node, String field) {
        String text = text(rule, node, field);
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new SomactlException(
                    origin + ": rule " + rule + ": " + field + " must be a number, not '" + text + "'");
        }
    }
}
