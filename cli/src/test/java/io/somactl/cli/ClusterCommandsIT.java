package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.testing.ClickHouseCluster;
import io.somactl.core.testing.LocalStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** schema and doctor against the cluster profile of the stack, as a user points somactl at one node. */
@Tag("stack")
@Tag("cluster")
class ClusterCommandsIT {
    private final ClickHouseCluster cluster = ClickHouseCluster.ensureUp();
    private final LocalStack stack = cluster.stack();
    private final Map<String, String> environment = Map.of(
            "HOME",
            "/nonexistent-home",
            "SOMACTL_KAFKA_BOOTSTRAP_SERVER",
            stack.kafkaBootstrap(),
            "SOMACTL_CLICKHOUSE_URL",
            cluster.url(ClickHouseCluster.ENTRY).toString(),
            "SOMACTL_CLICKHOUSE_CLUSTER",
            ClickHouseCluster.NAME,
            "SOMACTL_REDIS_URI",
            stack.redisUri());

    @Test
    void schemaApplyOnTheClusterThenStatusShowsEveryMigrationAndEveryNodeHoldingTheTables() {
        String database = LocalStack.freshDatabase("clustercli");
        try {
            Run apply = Run.of(environment, "schema", "apply", "--database", database);
            assertEquals(0, apply.exitCode(), apply.describe());
            Run status = Run.of(environment, "schema", "status", "--database", database, "-o", "csv");
            assertEquals(0, status.exitCode(), status.describe());
            List<String> nodes = status.out()
                    .lines()
                    .filter(l -> l.matches("\\d,\\d,127\\.0\\.0\\.1:\\d+,\\d+,.*"))
                    .toList();
            assertEquals(4, nodes.size(), "one row per node\n" + status.describe());
            assertTrue(nodes.stream().allMatch(l -> l.endsWith(",ok")), status.describe());
        } finally {
            cluster.drop(database);
        }
    }

    @Test
    void doctorReportsEveryNodeOfTheCluster() {
        Run run = Run.of(environment, "doctor", "-o", "csv");
        assertEquals(0, run.exitCode(), run.describe());
        for (String node :
                List.of("shard 1 replica 1", "shard 1 replica 2", "shard 2 replica 1", "shard 2 replica 2")) {
            assertTrue(
                    run.out()
                            .lines()
                            .anyMatch(l -> l.startsWith("clickhouse " + node + ",") && l.contains(",up,18.16")),
                    node + " should be reported up\n" + run.describe());
        }
    }

    @Test
    void doctorNamesTheNodeThatIsDown() {
        cluster.stop("ch-s1r2");
        try {
            Run run = Run.of(environment, "doctor", "--timeout", "5s");
            assertEquals(1, run.exitCode(), run.describe());
            assertTrue(run.err().contains("clickhouse shard 1 replica 2 at 127.0.0.1:"), run.describe());
        } finally {
            cluster.start("ch-s1r2");
        }
    }
}
