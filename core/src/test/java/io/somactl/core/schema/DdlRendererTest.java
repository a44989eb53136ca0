package io.somactl.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DdlRendererTest {
    private static final String DDL = """
            -- a comment; with a semicolon
            CREATE TABLE IF NOT EXISTS ${database}.slm_metrics ${on_cluster} (
                event_id UUID, note String DEFAULT 'a;b'
            ) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (tenant, ts);

            CREATE TABLE IF NOT EXISTS ${database}.daily ${on_cluster} (k String, v UInt64)
            ENGINE = SummingMergeTree(v) ORDER BY k;
            """;

    @Test
    void onOneServerFillsInTheDatabaseAndLeavesEnginesAlone() {
        List<String> statements = new DdlRenderer("somactl", "").statements(DDL);
        assertEquals(2, statements.size(), "statements split at ; outside quotes and comments");
        assertEquals("""
                CREATE TABLE IF NOT EXISTS somactl.slm_metrics  (
                    event_id UUID, note String DEFAULT 'a;b'
                ) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (tenant, ts)""", statements.get(0));
        assertEquals(
                "CREATE TABLE IF NOT EXISTS somactl.daily  (k String, v UInt64)\nENGINE = SummingMergeTree(v) ORDER BY k",
                statements.get(1));
    }

    @Test
    void onAClusterEachTableIsReplicatedOnEveryNodeBehindADistributedTableOfItsName() {
        String ddl = """
                CREATE TABLE IF NOT EXISTS ${database}.slm_metrics ${on_cluster} (
                    event_id UUID,
                    tenant LowCardinality(String)
                ) ENGINE = MergeTree ORDER BY (tenant, event_id);
                CREATE TABLE IF NOT EXISTS ${database}.model_scores ${on_cluster} (k String, v UInt64)
                ENGINE = ReplacingMergeTree(v) ORDER BY k;
                """;
        List<String> statements = new DdlRenderer("somactl", "prod_cluster").statements(ddl);
        assertEquals(
                List.of(
                        """
                CREATE TABLE IF NOT EXISTS somactl.slm_metrics_local ON CLUSTER prod_cluster (
                    event_id UUID,
                    tenant LowCardinality(String)
                ) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/somactl.slm_metrics_local', '{replica}') \
                ORDER BY (tenant, event_id)""",
                        "CREATE TABLE IF NOT EXISTS somactl.slm_metrics ON CLUSTER prod_cluster AS somactl.slm_metrics_local"
                                + " ENGINE = Distributed(prod_cluster, somactl, slm_metrics_local, cityHash64(tenant))",
                        "CREATE TABLE IF NOT EXISTS somactl.model_scores_local ON CLUSTER prod_cluster (k String, v UInt64)\n"
                                + "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/somactl.model_scores_local',"
                                + " '{replica}', v) ORDER BY k",
                        "CREATE TABLE IF NOT EXISTS somactl.model_scores ON CLUSTER prod_cluster AS somactl.model_scores_local"
                                + " ENGINE = Distributed(prod_cluster, somactl, model_scores_local, cityHash64(dimension, scope_value))"),
                statements);
    }

    @Test
    void onAClusterAViewRollsUpTheLocalRowsOfItsShardIntoTheLocalRollup() {
        String view = "CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.rollup_x_mv ${on_cluster}\n"
                + "TO ${database}.rollup_x\nAS SELECT tenant, countState() AS n\nFROM ${database}.x\nGROUP BY tenant";
        assertEquals(
                List.of(
                        "CREATE MATERIALIZED VIEW IF NOT EXISTS somactl.rollup_x_mv ON CLUSTER c1\n"
                                + "TO somactl.rollup_x_local\nAS SELECT tenant, countState() AS n\nFROM somactl.x_local\nGROUP BY tenant"),
                new DdlRenderer("somactl", "c1").render(view));
        assertEquals(
                List.of(view.replace("${database}", "somactl").replace("${on_cluster}", "")),
                new DdlRenderer("somactl", "").render(view),
                "one server: the view reads the table itself");
    }

    @Test
    void onAClusterAnAddedColumnGoesToTheLocalTablesAndTheDistributedTableIsRecreatedFromThem() {
        assertEquals(
                List.of(
                        "ALTER TABLE somactl.slm_metrics_local ON CLUSTER c1 ADD COLUMN f UInt64 DEFAULT 0 AFTER _offset",
                        "DROP TABLE IF EXISTS somactl.slm_metrics ON CLUSTER c1",
                        "CREATE TABLE IF NOT EXISTS somactl.slm_metrics ON CLUSTER c1 AS somactl.slm_metrics_local"
                                + " ENGINE = Distributed(c1, somactl, slm_metrics_local, cityHash64(tenant))"),
                new DdlRenderer("somactl", "c1")
                        .render(
                                "ALTER TABLE ${database}.slm_metrics ${on_cluster} ADD COLUMN f UInt64 DEFAULT 0 AFTER _offset"));
    }

    @Test
    void aNewTableWithoutTenantNeedsAShardingKeyToRunOnACluster() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new DdlRenderer("somactl", "c1")
                        .render(
                                "CREATE TABLE IF NOT EXISTS ${database}.misc ${on_cluster} (k String) ENGINE = MergeTree ORDER BY k"));
        assertEquals(
                "table misc has no tenant column and no sharding key in DdlRenderer:"
                        + " a new migration's table needs one to run on a cluster",
                e.getMessage());
    }

    @Test
    void databaseAndClusterNamesMustBeIdentifiers() {
        assertThrows(IllegalArgumentException.class, () -> new DdlRenderer("x; DROP", ""));
        assertThrows(IllegalArgumentException.class, () -> new DdlRenderer("somactl", "c'--"));
    }
}
