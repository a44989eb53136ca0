package io.somactl.core.alerts;

import io.somactl.core.clickhouse.ClickHouse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A rule over the telemetry in ClickHouse: a query (on the context's database) whose every row is a
 * finding: its first columns are the values of {@code labels} (tenant, persona, model...), its last
 * column the value compared with the thresholds. A NULL, NaN or infinite value is skipped. No rows: ok.
 */
public final class ClickHouseThresholdRule implements ProbeRule {
    private final String name;
    private final String query;
    private final List<String> labels;
    private final Thresholds thresholds;
    private final Supplier<ClickHouse> clickHouse;

    public ClickHouseThresholdRule(
            String name, String query, List<String> labels, Thresholds thresholds, Supplier<ClickHouse> clickHouse) {
        this.name = name;
        this.query = query;
        this.labels = List.copyOf(labels);
        this.thresholds = thresholds;
        this.clickHouse = clickHouse;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "ClickHouse: " + query.strip() + " " + thresholds.describe();
    }

    @Override
    public RuleResult evaluate() {
        List<List<String>> rows;
        try {
            rows = clickHouse.get().select(query);
        } catch (RuntimeException e) {
            return RuleResult.unknown(name, e.getMessage());
        }
        List<Finding> findings = new ArrayList<>();
        for (List<String> row : rows) {
            if (row.size() != labels.size() + 1) {
                return RuleResult.unknown(
                        name,
                        "the query returns " + row.size() + " columns; the rule expects " + (labels.size() + 1) + " ("
                                + String.join(", ", labels) + ", then the value)");
            }
            BigDecimal value = number(row.get(labels.size()));
            if (value == null) {
                continue;
            }
            Map<String, String> found = new TreeMap<>();
            for (int i = 0; i < labels.size(); i++) {
                found.put(labels.get(i), row.get(i) == null || row.get(i).isEmpty() ? "-" : row.get(i));
            }
            findings.add(Finding.measured(
                    thresholds.state(value),
                    found,
                    name + " " + thresholds.format(value) + " " + found + " " + thresholds.describe(),
                    value));
        }
        return RuleResult.of(
                name,
                rows.isEmpty() ? "nothing to measure (no rows)" : rows.size() + " group(s) " + thresholds.okSide(),
                findings);
    }

    private static BigDecimal number(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException notFinite) { // nan, inf, -inf
            return null;
        }
    }
}
