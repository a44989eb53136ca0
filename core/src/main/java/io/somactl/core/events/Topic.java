package io.somactl.core.events;

import java.util.Optional;

/**
 * The Kafka topics of the SomaAgent event contract, each with the ClickHouse table it lands in.
 * The contract itself is one JSON Schema per topic under {@code schemas/} (bundled as
 * {@link #schemaResource()}); adding a topic means adding the constant, the schema, examples and a table.
 */
public enum Topic {
    SLM_METRICS("slm.metrics", "slm_metrics"),
    ESCALATION_METRICS("llm.escalation.metrics", "escalation_metrics"),
    TOOL_METRICS("tool.metrics", "tool_metrics"),
    CONVERSATION_METRICS("conversation.metrics", "conversation_metrics"),
    AUDIO_METRICS("audio.metrics", "audio_metrics"),
    POLICY_EVENTS("policy.events", "policy_events");

    private static final String SCHEMA_RESOURCE_DIR = "somactl/schemas/";

    private final String topicName;
    private final String table;

    Topic(String topicName, String table) {
        this.topicName = topicName;
        this.table = table;
    }

    /** The Kafka topic name, e.g. {@code slm.metrics}. */
    public String topicName() {
        return topicName;
    }

    /** The ClickHouse table the topic's events are written to, e.g. {@code slm_metrics}. */
    public String table() {
        return table;
    }

    /** Where events that fail validation go, e.g. {@code slm.metrics.dlq}. */
    public String deadLetterTopic() {
        return topicName + ".dlq";
    }

    /** Classpath location of the topic's JSON Schema, e.g. {@code somactl/schemas/slm.metrics.schema.json}. */
    public String schemaResource() {
        return SCHEMA_RESOURCE_DIR + topicName + ".schema.json";
    }

    /** The topic with this Kafka name; empty for an unknown (or null) name. */
    public static Optional<Topic> byName(String topicName) {
        for (Topic topic : values()) {
            if (topic.topicName.equals(topicName)) {
                return Optional.of(topic);
            }
        }
        return Optional.empty();
    }
}
