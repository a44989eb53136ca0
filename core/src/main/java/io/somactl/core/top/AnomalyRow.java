package io.somactl.core.top;

import java.time.Instant;

/** An anomaly flag written by {@code score anomalies}: the hour, model or tenant, metric, value and robust z. */
public record AnomalyRow(Instant hour, String subjectKind, String subject, String metric, double value, double z) {}
