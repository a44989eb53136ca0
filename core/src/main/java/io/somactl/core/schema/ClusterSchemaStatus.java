package io.somactl.core.schema;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code schema status --cluster}: whether every node of the cluster holds the database's tables. The
 * migrations are recorded once for the cluster; the tables they made live on each node. The node
 * somactl talks to lists the cluster's nodes ({@code system.clusters}) and its own tables; every node is
 * then asked for its tables through it ({@code remote('host:port', system.tables)}).
 */
public final class ClusterSchemaStatus {
    private ClusterSchemaStatus() {}

    /** One node: where it is, and {@code problem} empty when it holds every table the entry node holds. */
    public record Node(int shard, int replica, String address, int tables, String problem) {
        public boolean ok() {
            return problem.isEmpty();
        }
    }

    public static List<Node> of(ClickHouse entry, String cluster, String database) {
        String tablesOf = " WHERE database = " + Sql.quote(database);
        Set<String> expected = names(entry.select("SELECT name FROM system.tables" + tablesOf));
        List<List<String>> nodes = entry.select("SELECT shard_num, replica_num, host_name, port FROM system.clusters"
                + " WHERE cluster = " + Sql.quote(cluster) + " ORDER BY shard_num, replica_num");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("the server has no cluster " + cluster + " in its remote_servers");
        }
        List<Node> status = new ArrayList<>();
        for (List<String> node : nodes) {
            String address = node.get(2) + ":" + node.get(3);
            int shard = Integer.parseInt(node.get(0));
            int replica = Integer.parseInt(node.get(1));
            try {
                Set<String> present = names(
                        entry.select("SELECT name FROM remote(" + Sql.quote(address) + ", system.tables)" + tablesOf));
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(present);
                status.add(new Node(
                        shard,
                        replica,
                        address,
                        present.size(),
                        missing.isEmpty() ? "" : "missing " + String.join(", ", missing)));
            } catch (RuntimeException e) {
                status.add(new Node(shard, replica, address, 0, "unreachable: " + e.getMessage()));
            }
        }
        return status;
    }

    private static Set<String> names(List<List<String>> rows) {
        Set<String> names = new TreeSet<>();
        rows.forEach(row -> names.add(row.get(0)));
        return names;
    }
}
