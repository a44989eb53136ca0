package io.somactl.core.alerts;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One thing a rule found: its state, the labels that identify it (stable: they never carry a value
 * that changes from run to run, so Alertmanager sees the same alert each minute) and the evidence,
 * in words, with the numbers. A pending finding (a condition not yet held for the rule's {@code for})
 * shows its state but is not pushed to Alertmanager, as Prometheus does not send pending alerts.
 */
public record Finding(
        AlertState state, Map<String, String> labels, String evidence, boolean pending, BigDecimal value) {
    public Finding(AlertState state, Map<String, String> labels, String evidence) {
        this(state, labels, evidence, false, null);
    }

    public Finding(AlertState state, Map<String, String> labels, String evidence, boolean pending) {
        this(state, labels, evidence, pending, null);
    }

    /** A finding of a threshold rule, with the measured value. */
    static Finding measured(AlertState state, Map<String, String> labels, String evidence, BigDecimal value) {
        return new Finding(state, labels, evidence, false, value);
    }

    public Finding {
        Objects.requireNonNull(state, "state");
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        evidence = evidence == null ? "" : evidence;
    }
}
