package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.kafka.KafkaSettings;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.testing.IngestFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** --give-up-after ends a --until-caught-up run whose Kafka never answers, instead of polling forever. */
@Tag("stack")
class GiveUpAfterIT {

    @Test
    void aCronRunWhoseKafkaNeverAnswersGivesUpSayingKafkaIsUnreachable() {
        IngestFixture fixture = new IngestFixture("nokafka");
        KafkaSettings nowhere = new KafkaSettings("127.0.0.1:1", Map.of(), Duration.ofSeconds(2));
        IngestConfig config = new IngestConfig(
                List.of(Topic.values()),
                fixture.topics,
                "g-" + fixture.name,
                1_000,
                Duration.ofMillis(200),
                64 * 1024,
                true,
                Duration.ofMillis(200),
                Duration.ofSeconds(3),
                1);

        IngestSummary summary = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> {
                    try (RedisConnection redis = RedisConnection.open(fixture.stack.redis(fixture.redisPrefix));
                            IngestWorker worker = new IngestWorker(
                                    config,
                                    nowhere,
                                    fixture.clickHouse,
                                    IngestRun.counters(fixture, redis),
                                    PricingCatalog.loadBundled().pricer(),
                                    new IngestMetrics(),
                                    snapshot -> {},
                                    message -> System.err.println("ingest: " + message))) {
                        return worker.run();
                    }
                },
                "a --until-caught-up run whose Kafka never answers must give up after --give-up-after");

        assertFalse(summary.clean(), "a run that read nothing because Kafka was down must not end clean");
        assertTrue(
                summary.serverUnreachable(), "the summary should say a server was unreachable: " + summary.problem());
        assertTrue(summary.problem().contains("Kafka at 127.0.0.1:1"), summary.problem());
    }
}
