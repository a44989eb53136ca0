package io.somactl.core.doctor;

import io.somactl.core.clickhouse.ClickHouseSettings;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.clickhouse.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * With {@code clickhouse.cluster} set: one check per node of the cluster, as the configured server's
 * {@code system.clusters} lists them, each asked for its version through that server
 * ({@code remote('host:port', system.one)}), the way Distributed queries reach it.
 */
public final class ClickHouseClusterChecks {
    private ClickHouseClusterChecks() {}

    public static List<HealthCheck> of(ClickHouseSettings settings, String cluster) {
        HttpClickHouse entry = new HttpClickHouse(settings.withDatabase("system"));
        List<List<String>> nodes;
        try {
            nodes = entry.select("SELECT shard_num, replica_num, host_name, port FROM system.clusters WHERE cluster = "
                    + Sql.quote(cluster) + " ORDER BY shard_num, replica_num");
        } catch (RuntimeException e) {
            return List.of(
                    failed("clickhouse cluster " + cluster, settings.url().toString(), Problems.describe(e)));
        }
        if (nodes.isEmpty()) {
            return List.of(failed(
                    "clickhouse cluster " + cluster,
                    settings.url().toString(),
                    "the server has no cluster " + cluster + " in its remote_servers"));
        }
        List<HealthCheck> checks = new ArrayList<>();
        for (List<String> node : nodes) {
            String name = "clickhouse shard " + node.get(0) + " replica " + node.get(1);
            String address = node.get(2) + ":" + node.get(3);
            checks.add(new HealthCheck() {
                @Override
                public String server() {
                    return name;
                }

                @Override
                public String address() {
                    return address;
                }

                @Override
                public HealthReport check() {
                    try {
                        long start = System.nanoTime();
                        String version = entry.selectValue(
                                "SELECT version() FROM remote(" + Sql.quote(address) + ", system.one)");
                        return HealthReport.up(name, address, version, Duration.ofNanos(System.nanoTime() - start));
                    } catch (RuntimeException e) {
                        return HealthReport.down(name, address, Problems.describe(e));
                    }
                }
            });
        }
        return checks;
    }

    private static HealthCheck failed(String server, String address, String problem) {
        return new HealthCheck() {
            @Override
            public String server() {
                return server;
            }

            @Override
            public String address() {
                return address;
            }

            @Override
            public HealthReport check() {
                return HealthReport.down(server, address, problem);
            }
        };
    }
}
