package io.somactl.core.kafka;

import java.time.Duration;

/** How the telemetry topics and their dead-letter topics are laid out. */
public record TopicPlan(int partitions, short replicationFactor, Duration retention, Duration deadLetterRetention) {
    public TopicPlan {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, not " + replicationFactor);
        }
        if (retention.isNegative()
                || retention.isZero()
                || deadLetterRetention.isNegative()
                || deadLetterRetention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
    }
}
