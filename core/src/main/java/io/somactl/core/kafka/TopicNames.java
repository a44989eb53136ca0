package io.somactl.core.kafka;

import io.somactl.core.events.Topic;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Kafka names of the telemetry topics: the contract's names behind an optional prefix, so
 * several environments (or test runs) can share one cluster: {@code staging.slm.metrics}.
 */
public record TopicNames(String prefix) {
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._-]{0,100}");

    public TopicNames {
        if (prefix == null) {
            prefix = "";
        }
        if (!LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "topic prefix may hold only letters, digits, '.', '_' and '-': " + prefix);
        }
    }

    public static TopicNames plain() {
        return new TopicNames("");
    }

    public String of(Topic topic) {
        return prefix + topic.topicName();
    }

    public String deadLetterOf(Topic topic) {
        return prefix + topic.deadLetterTopic();
    }

    public Optional<Topic> topicOf(String kafkaName) {
        return kafkaName.startsWith(prefix) ? Topic.byName(kafkaName.substring(prefix.length())) : Optional.empty();
    }
}
