package io.somactl.core.ingest;

import io.somactl.core.events.Topic;
import io.somactl.core.kafka.TopicNames;
import java.time.Duration;
import java.util.List;

/**
 * How a worker runs: which topics (and their Kafka names), which consumer group, how big a batch gets and how long it
 * waits to fill, the largest event accepted, whether it stops once it has caught up, and how
 * long it keeps retrying while a server is down before it gives up ({@code ZERO}: never), and on how
 * many threads (lanes, each with its own partitions) events are decoded, priced and encoded, how far apart in
 * event time two events with one {@code event_id} are still known as one ({@link EventIdGuard}), and the worker's
 * static member id in the group ({@code group.instance.id}), or null for none.
 */
public record IngestConfig(
        List<Topic> topics,
        TopicNames names,
        String groupId,
        int batchSize,
        Duration linger,
        int maxEventBytes,
        boolean untilCaughtUp,
        Duration retryBackoff,
        Duration giveUpAfter,
        int threads,
        Duration dedupWindow,
        String instanceId) {
    /** The default {@code --dedup-window}: a week of event time, a producer's retries are far quicker. */
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofDays(7);

    private static final java.util.regex.Pattern INSTANCE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,249}");

    /** The default dedup window, without a static member id. */
    public IngestConfig(
            List<Topic> topics,
            TopicNames names,
            String groupId,
            int batchSize,
            Duration linger,
            int maxEventBytes,
            boolean untilCaughtUp,
            Duration retryBackoff,
            Duration giveUpAfter,
            int threads) {
        this(
                topics,
                names,
                groupId,
                batchSize,
                linger,
                maxEventBytes,
                untilCaughtUp,
                retryBackoff,
                giveUpAfter,
                threads,
                DEFAULT_DEDUP_WINDOW,
                null);
    }

    /** Without a static member id. */
    public IngestConfig(
            List<Topic> topics,
            TopicNames names,
            String groupId,
            int batchSize,
            Duration linger,
            int maxEventBytes,
            boolean untilCaughtUp,
            Duration retryBackoff,
            Duration giveUpAfter,
            int threads,
            Duration dedupWindow) {
        this(
                topics,
                names,
                groupId,
                batchSize,
                linger,
                maxEventBytes,
                untilCaughtUp,
                retryBackoff,
                giveUpAfter,
                threads,
                dedupWindow,
                null);
    }

    /** The default dedup window. */
    public IngestConfig(
            List<Topic> topics,
            TopicNames names,
            String groupId,
            int batchSize,
            Duration linger,
            int maxEventBytes,
            boolean untilCaughtUp,
            Duration retryBackoff,
            Duration giveUpAfter,
            int threads,
            String instanceId) {
        this(
                topics,
                names,
                groupId,
                batchSize,
                linger,
                maxEventBytes,
                untilCaughtUp,
                retryBackoff,
                giveUpAfter,
                threads,
                DEFAULT_DEDUP_WINDOW,
                instanceId);
    }

    public IngestConfig {
        if (dedupWindow == null || dedupWindow.isNegative() || dedupWindow.toDays() > 3660) {
            throw new IllegalArgumentException("--dedup-window must be between 0 and 3660 days, not " + dedupWindow);
        }
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
            throw new IllegalArgumentException(
                    "--instance-id must be 1 to 249 letters, digits, '.', '_' or '-', not '" + instanceId + "'");
        }
    }
}
