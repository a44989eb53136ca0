package io.somactl.core.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * How to reach Kafka: the bootstrap servers plus any client properties (security, SASL…) from
 * {@code --command-config FILE} and {@code --command-property k=v}, as Kafka's own tools take them.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties, Duration timeout) {
    public KafkaSettings {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** Properties for any Kafka client: the extras first, then what somactl insists on. */
    public Properties clientConfig() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put("bootstrap.servers", bootstrapServers);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        properties.putIfAbsent("request.timeout.ms", String.valueOf(millis));
        properties.putIfAbsent("default.api.timeout.ms", String.valueOf(millis));
        properties.putIfAbsent("socket.connection.setup.timeout.ms", String.valueOf(Math.min(millis, 5_000)));
        properties.putIfAbsent("socket.connection.setup.timeout.max.ms", String.valueOf(Math.min(millis, 5_000)));
        properties.putIfAbsent("client.id", "somactl");
        return properties;
    }
}
