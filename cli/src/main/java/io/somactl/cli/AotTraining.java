package io.somactl.cli;

import io.somactl.core.ingest.IngestRehearsal;
import io.somactl.core.pricing.PricingCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The training run for the JVM's ahead-of-time cache ({@code bin/build} runs it with
 * {@code -XX:AOTCacheOutput}): it goes through what somactl's commands load and run, with no
 * server and nothing written outside a temporary directory. Servers are pointed at a closed
 * port, so every client loads its connection code and fails fast.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        Path home = Files.createTempDirectory("somactl-aot-training");
        String closed = "127.0.0.1:" + closedPort();
        Map<String, String> env = Map.of("HOME", home.toString());
        PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
        List<List<String>> commands = List.of(
                List.of("--help"),
                List.of("ingest", "--help"),
                List.of("budget", "check", "--help"),
                List.of("cost", "show"),
                List.of(
                        "cost",
                        "estimate",
                        "--model",
                        "soma-slm-8b",
                        "--input-tokens",
                        "1000",
                        "--output-tokens",
                        "200"),
                List.of(
                        "doctor",
                        "--timeout",
                        "2s",
                        "--bootstrap-server",
                        closed,
                        "--clickhouse-url",
                        "http://" + closed,
                        "--redis-uri",
                        "redis://" + closed),
                List.of(
                        "budget",
                        "check",
                        "--tenant",
                        "acme",
                        "--tokens",
                        "1",
                        "--timeout",
                        "1s",
                        "--redis-uri",
                        "redis://" + closed));
        for (List<String> command : commands) {
            Main.run(discard, discard, env, command.toArray(String[]::new));
        }
        kafkaClients(closed);
        long valid = IngestRehearsal.run(PricingCatalog.loadBundled().pricer(), 3_000);
        System.out.println("AOT training done: " + commands.size() + " commands, " + valid + " events rehearsed");
    }

    private static void kafkaClients(String bootstrap) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("group.id", "somactl-aot-training");
        config.put("enable.auto.commit", "false");
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        producerConfig(bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of("somactl-aot-training"));
            consumer.poll(Duration.ofMillis(300));
        }
    }

    private static Properties producerConfig(String bootstrap) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("enable.idempotence", "true");
        return config;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
