package io.somactl.commands.support;

import io.somactl.core.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Extra Kafka client properties, in the vocabulary of Kafka's own tools. */
public final class KafkaClientOptions {
    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            description = "Properties file with Kafka client settings (security, SASL, …).")
    private Path commandConfig;

    @Option(
            names = "--command-property",
            paramLabel = "KEY=VALUE",
            description = "A Kafka client property; repeat for more. Wins over --command-config.")
    private Map<String, String> commandProperties = new LinkedHashMap<>();

    public Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (commandConfig != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(commandConfig)) {
                file.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read --command-config " + commandConfig + ": " + e.getMessage(), e);
            }
            file.stringPropertyNames().forEach(name -> properties.put(name, file.getProperty(name)));
        }
        properties.putAll(commandProperties);
        return properties;
    }
}
