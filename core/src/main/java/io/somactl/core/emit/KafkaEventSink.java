package io.somactl.core.emit;

import io.somactl.core.ServerUnreachableException;
import io.somactl.core.SomactlException;
import io.somactl.core.events.Topic;
import io.somactl.core.kafka.AdminSession;
import io.somactl.core.kafka.KafkaSettings;
import io.somactl.core.kafka.TopicNames;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends events to Kafka with an idempotent producer ({@code enable.idempotence=true},
 * {@code acks=all}: a retried batch is never written twice and an acknowledged event is on every
 * in-sync replica), keyed by tenant so the default partitioner keeps each tenant's events in one
 * partition, in order. Throughput settings: {@code compression.type=lz4}, {@code linger.ms=20},
 * {@code batch.size=256 KiB}, {@code buffer.memory=64 MiB}; those four (not the idempotence and
 * acks) can be changed with {@code --command-property}.
 *
 * <p>Opening checks that the cluster answers (else {@link ServerUnreachableException}) and lists
 * its topics, so an event for a topic that does not exist fails at once with what to do, rather
 * than after the producer's metadata wait.
 */
public final class KafkaEventSink implements EventSink {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaSettings settings;
    private final TopicNames names;
    private final Set<String> existing;
    private final KafkaProducer<byte[], byte[]> producer;

    private KafkaEventSink(KafkaSettings settings, TopicNames names, Set<String> existing, Properties config) {
        this.settings = settings;
        this.names = names;
        this.existing = existing;
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Connects: checks the cluster answers, lists its topics, starts the producer.
     *
     * @param maxEventBytes the largest event that may be sent (the producer's {@code max.request.size} allows it)
     */
    public static KafkaEventSink open(KafkaSettings settings, TopicNames names, int maxEventBytes) {
        Set<String> topics;
        long timeout = settings.timeout().toMillis();
        try (AdminSession session = new AdminSession(settings)) {
            session.admin().describeCluster().nodes().get(timeout, TimeUnit.MILLISECONDS);
            topics = session.admin().listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | ExecutionException e) {
            throw new ServerUnreachableException("Kafka", settings.bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted while connecting to Kafka", e);
        }
        return new KafkaEventSink(settings, names, Set.copyOf(topics), producerConfig(settings, maxEventBytes));
    }

    /** The producer's configuration: the client settings, then emit's. */
    static Properties producerConfig(KafkaSettings settings, int maxEventBytes) {
        Properties config = settings.clientConfig();
        config.put("enable.idempotence", "true");
        config.put("acks", "all");
        config.putIfAbsent("max.in.flight.requests.per.connection", "5"); // the most idempotence allows
        config.putIfAbsent("compression.type", "lz4");
        config.putIfAbsent("linger.ms", "20");
        config.putIfAbsent("batch.size", String.valueOf(256 * 1024));
        config.putIfAbsent("buffer.memory", String.valueOf(64L * 1024 * 1024));
        config.putIfAbsent("max.request.size", String.valueOf(Math.max(1024 * 1024, maxEventBytes + 64 * 1024)));
        long request =
                Long.parseLong(config.getProperty("request.timeout.ms", "30000").strip());
        long linger = Long.parseLong(config.getProperty("linger.ms").strip());
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms; retries fit in between.
        config.putIfAbsent("delivery.timeout.ms", String.valueOf(Math.max(30_000L, 2 * request + linger)));
        // How long send() may wait for room in the buffer (or for metadata) before giving up.
        config.putIfAbsent(
                "max.block.ms",
                String.valueOf(Math.max(30_000L, settings.timeout().toMillis())));
        config.put("client.id", config.getProperty("client.id", "somactl") + "-emit");
        return config;
    }

    @Override
    public void send(Topic topic, byte[] key, byte[] value, Acknowledgement acknowledged) {
        String name = names.of(topic);
        if (!existing.contains(name)) {
            throw new SomactlException("topic " + name + " does not exist on Kafka at " + settings.bootstrapServers()
                    + ": create the telemetry topics with 'somactl topics create'");
        }
        try {
            producer.send(
                    new ProducerRecord<>(name, key, value),
                    (metadata, failure) ->
                            acknowledged.completed(failure == null ? null : describe(name, value.length, failure)));
        } catch (KafkaException e) {
            throw describe(name, value.length, e);
        }
    }

    private RuntimeException describe(String topic, int bytes, Exception failure) {
        if (failure instanceof TimeoutException) {
            return new ServerUnreachableException("Kafka", settings.bootstrapServers(), failure);
        }
        if (failure instanceof RecordTooLargeException) {
            return new SomactlException(
                    "Kafka refused an event of " + bytes + " bytes for " + topic
                            + " as too large (" + failure.getMessage()
                            + "); the broker's message.max.bytes or the topic's"
                            + " max.message.bytes must allow it",
                    failure);
        }
        return new SomactlException("Kafka refused an event for " + topic + ": " + failure.getMessage(), failure);
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public String nameOf(Topic topic) {
        return names.of(topic);
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
