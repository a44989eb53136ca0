package io.somactl.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.ingest.IngestRun;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A test class that ingests into its own database, topics and Redis keys leaves none of them behind
 * once it ends: JUnit itself runs {@link IngestsIntoItsOwnWorld} here, with the auto-detected
 * {@link DropTestLeftovers}, and the stack is inspected afterwards.
 */
@Tag("stack")
class DropTestLeftoversIT {
    /** What the inner class made and saw while it ran. */
    static volatile String name;

    static volatile boolean existedDuringTheClass;

    @Test
    void aTestClassThatIngestedLeavesNoDatabaseTopicOrRedisKeyBehindWhenItEnds() throws Exception {
        assertEquals(List.of(), TestLeftovers.pending(), "this class makes nothing of its own before the inner run");
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(IngestsIntoItsOwnWorld.class))
                                .build(),
                        listener);
        TestExecutionSummary summary = listener.getSummary();
        assertEquals(
                1,
                summary.getTestsSucceededCount(),
                "the inner test class failed: "
                        + summary.getFailures().stream()
                                .map(f -> String.valueOf(f.getException()))
                                .toList());
        assertTrue(existedDuringTheClass, "the inner class saw its database, topics and Redis keys while it ran");

        LocalStack stack = LocalStack.ensureUp();
        HttpClickHouse system = new HttpClickHouse(stack.clickHouse("default"));
        assertEquals(
                "0",
                system.selectValue("SELECT count() FROM system.databases WHERE name = '" + name + "'"),
                "the database " + name + " is still there after its test class ended");
        assertEquals(
                Set.of(), topicsOf(stack, name), "Kafka topics of " + name + " are still there after its class ended");
        assertEquals(
                List.of(),
                redisKeysOf(stack, name),
                "Redis keys of " + name + " are still there after its class ended");
        assertEquals(List.of(), TestLeftovers.pending(), "nothing is left to remove");
    }

    static Set<String> topicsOf(LocalStack stack, String name) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
            Set<String> all = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            return all.stream().filter(t -> t.startsWith(name + ".")).collect(java.util.stream.Collectors.toSet());
        }
    }

    static List<String> redisKeysOf(LocalStack stack, String name) {
        RedisClient client = RedisClient.create(stack.redis(name).redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().keys("{" + name + ":*");
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** Run only by the test above (surefire skips nested classes): an ordinary ingest test. */
    @Tag("stack")
    static class IngestsIntoItsOwnWorld {
        @Test
        void ingestsAFewHundredTraceEvents() throws Exception {
            IngestFixture fixture = new IngestFixture("leftovers");
            name = fixture.name;
            fixture.produce(IngestFixture.trace(300));
            assertTrue(IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 1_000))
                    .clean());
            HttpClickHouse system = new HttpClickHouse(fixture.stack.clickHouse("default"));
            existedDuringTheClass = "1"
                            .equals(system.selectValue(
                                    "SELECT count() FROM system.databases WHERE name = '" + fixture.name + "'"))
                    && topicsOf(fixture.stack, fixture.name).size() == 12
                    && !redisKeysOf(fixture.stack, fixture.name).isEmpty();
            assertFalse(TestLeftovers.pending().isEmpty());
        }
    }
}
