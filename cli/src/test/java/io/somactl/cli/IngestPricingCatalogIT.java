package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.testing.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cron ingest says which catalog it prices with, and never falls back to the bundled one silently. */
@Tag("stack")
class IngestPricingCatalogIT {
    @TempDir
    Path dir;

    @Test
    void ingestNamesTheCatalogVersionAndItsSourceAndRefusesAMissingOne() throws Exception {
        LocalStack stack = LocalStack.ensureUp();
        String name = LocalStack.freshDatabase("pricingline");
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("SOMACTL_CLICKHOUSE_URL", stack.clickHouseUrl().toString());
        env.put("SOMACTL_CLICKHOUSE_DATABASE", name);
        env.put("SOMACTL_KAFKA_BOOTSTRAP_SERVER", stack.kafkaBootstrap());
        env.put("SOMACTL_KAFKA_TOPIC_PREFIX", name + ".");
        env.put("SOMACTL_REDIS_URI", stack.redisUri());
        env.put("SOMACTL_REDIS_KEY_PREFIX", name);
        assertEquals(0, Run.of(env, "schema", "apply").exitCode());
        Run topics = Run.of(env, "topics", "create", "--partitions", "1", "--replication-factor", "1");
        assertEquals(0, topics.exitCode(), topics.describe());

        Run bundled = Run.of(env, "ingest", "--until-caught-up", "--group", "g-" + name);
        assertEquals(0, bundled.exitCode(), bundled.describe());
        assertTrue(bundled.err().contains("ingest: pricing catalog 2026-12-02.1 from bundled"), bundled.describe());

        Path pinned = dir.resolve("prices.yaml");
        Files.writeString(pinned, """
                version: "pinned.7"
                currency: USD
                models:
                  m:
                    - {effective_from: "2026-01-01T00:00:00Z", input: 1, output: 2}
                """);
        env.put("SOMACTL_PRICING", pinned.toString());
        Run cron = Run.of(env, "ingest", "--until-caught-up", "--group", "g-" + name);
        assertEquals(0, cron.exitCode(), cron.describe());
        assertTrue(
                cron.err().contains("ingest: pricing catalog pinned.7 from " + pinned + " (SOMACTL_PRICING)"),
                cron.describe());

        env.put("SOMACTL_PRICING", dir.resolve("moved-away.yaml").toString());
        Run missing = Run.of(env, "ingest", "--until-caught-up", "--group", "g-" + name);
        assertEquals(
                2,
                missing.exitCode(),
                "a missing catalog stops ingest before it reads anything\n" + missing.describe());
        assertTrue(
                missing.err().contains("moved-away.yaml") && missing.err().contains("no such file"),
                missing.describe());
    }
}
