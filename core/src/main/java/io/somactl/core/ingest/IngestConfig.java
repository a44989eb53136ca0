package io.somactl.core.ingest;

import io.somactl.core.events.Topic;
import java.time.Duration;
import io.somactl.core.kafka.TopicNames;
import java.util.List;

/**
 * How a worker runs: which topics (and their Kafka names), which consumer group, how big a batch gets and how long it
 * waits to fill, the largest event accepted, whether it stops once it has caught up, and how
 * long it keeps retrying while a server is down before it gives up ({@code ZERO}: never), and on how
 * many threads (lanes, each with its own partitions) events are decoded, priced and encoded;
 * and the worker's static member id in the group ({@code group.instance.id}), or null for none.
 */
public record IngestConfig(List<Topic> topics, TopicNames names, String groupId, int batchSize, Duration linger, int maxEventBytes,
                           boolean untilCaughtUp, Duration retryBackoff, Duration giveUpAfter, int threads, String instanceId) {
    private static final java.util.regex.Pattern INSTANCE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,249}");

    /** Without a static member id. */
    public IngestConfig(List<Topic> topics, TopicNames names, String groupId, int batchSize, Duration linger, int maxEventBytes,
                        boolean untilCaughtUp, Duration retryBackoff, Duration giveUpAfter, int threads) {
        this(topics, names, groupId, batchSize, linger, maxEventBytes, untilCaughtUp, retryBackoff, giveUpAfter, threads, null);
    }

    public IngestConfig {
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("name at least one topic to ingest");
        }
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw new IllegalArgumentException("--batch-size must be between 1 and 1000000, not " + batchSize);
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("--linger must not be negative");
        }
        if (giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("--give-up-after must not be negative");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--threads must be between 1 and 64, not " + threads);
        }
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException("--max-event-bytes must be positive");
        }
        if (instanceId != null && !INSTANCE_ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("--instance-id must be 1 to 249 letters, digits, '.', '_' or '-', not '"
                    + instanceId + "'");
        }
    }
}
