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
        assertEquals("CREATE TABLE IF NOT EXISTS somactl.daily  (k String, v UInt64)\nENGINE = SummingMergeTree(v) ORDER BY k",
                statements.get(1));
    }

    @Test
    void onAClusterAddsOnClusterAndReplicatesEveryEngine() {
        List<String> statements = new DdlRenderer("somactl", "prod_cluster").statements(DDL);
        assertEquals("""
                CREATE TABLE IF NOT EXISTS somactl.slm_metrics ON CLUSTER prod_cluster (
                    event_id UUID, note String DEFAULT 'a;b'
                ) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/somactl.slm_metrics', '{replica}') \
                PARTITION BY toYYYYMM(ts) ORDER BY (tenant, ts)""", statements.get(0));
        assertEquals("CREATE TABLE IF NOT EXISTS somactl.daily ON CLUSTER prod_cluster (k String, v UInt64)\n"
                + "ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/somactl.daily', '{replica}', v) ORDER BY k",
                statements.get(1));
    }

    @Test
    void databaseAndClusterNamesMustBeIdentifiers() {
        assertThrows(IllegalArgumentException.class, () -> new DdlRenderer("x; DROP", ""));
        assertThrows(IllegalArgumentException.class, () -> new DdlRenderer("somactl", "c'--"));
    }
}
