package io.somactl.core.alerts;

import java.util.List;
import java.util.Objects;

/**
 * One rule's outcome: its overall state (the worst of its findings; ok when there are none), a one-line
 * summary of the evidence, and every finding (one per tenant, persona and budget, per worker, ...).
 */
public record RuleResult(String rule, AlertState state, String summary, List<Finding> findings) {
    public RuleResult {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(state, "state");
        findings = List.copyOf(findings);
    }

    static RuleResult of(String rule, String summaryWhenOk, List<Finding> findings) {
        AlertState state = AlertState.OK;
        for (Finding finding : findings) {
            state = state.worse(finding.state());
        }
        String summary = findings.stream()
                .filter(f -> f.state() != AlertState.OK)
                .map(Finding::evidence)
                .reduce((a, b) -> a + "; " + b)
                .orElse(summaryWhenOk);
        return new RuleResult(rule, state, summary, findings);
    }

    static RuleResult unknown(String rule, String why) {
        return new RuleResult(rule, AlertState.UNKNOWN, why, List.of());
    }
}
