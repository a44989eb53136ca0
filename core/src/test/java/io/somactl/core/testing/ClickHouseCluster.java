package io.somactl.core.testing;

import io.somactl.core.Secret;
import io.somactl.core.clickhouse.ClickHouseSettings;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.clickhouse.Sql;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The cluster profile of the local stack ({@code stack/up --cluster}, stack/cluster.sh): ZooKeeper and four
 * ClickHouse 18.16 nodes, cluster {@value #NAME} = shards 1 and 2 of replicas {@code ch-sNr1, ch-sNr2}.
 * Started once per test JVM; a running cluster is reused. Tests talk to it through {@link #ENTRY}, the
 * node they send everything to, as a user's somactl talks to one node of its cluster.
 */
public final class ClickHouseCluster {
    public static final String NAME = "somactl_cluster";
    public static final List<String> NODES = List.of("ch-s1r1", "ch-s1r2", "ch-s2r1", "ch-s2r2");
    /** The node somactl is pointed at: a replica of shard 2, so a replica of shard 1 can be stopped under it. */
    public static final String ENTRY = "ch-s2r1";

    private static ClickHouseCluster running;

    private final LocalStack stack;

    private ClickHouseCluster(LocalStack stack) {
        this.stack = stack;
    }

    public static synchronized ClickHouseCluster ensureUp() {
        if (running == null) {
            LocalStack stack = LocalStack.ensureUp();
            stack.run("up", "--cluster");
            running = new ClickHouseCluster(stack);
        }
        return running;
    }

    public LocalStack stack() {
        return stack;
    }

    public URI url(String node) {
        int index = NODES.indexOf(node) + 1;
        if (index == 0) {
            throw new IllegalArgumentException("no cluster node " + node + "; nodes are " + NODES);
        }
        return URI.create(
                "http://127.0.0.1:" + (Integer.parseInt(stack.port("SOMACTL_CLUSTER_HTTP_PORT_BASE")) + index));
    }

    public ClickHouseSettings settings(String node, String database) {
        return new ClickHouseSettings(url(node), "default", Secret.none(), database, Duration.ofSeconds(60));
    }

    public HttpClickHouse node(String node, String database) {
        return new HttpClickHouse(settings(node, database));
    }

    /** Stops one node (SIGTERM, as stack/down does) or starts it again. */
    public void stop(String node) {
        stack.run("down", "--cluster", node);
    }

    /** Kills one node with SIGKILL (the pid stack/up recorded for it): no shutdown, no goodbye to ZooKeeper. */
    public void kill(String node) {
        java.nio.file.Path pidFile = nodeDir(node).resolve("clickhouse.pid");
        try {
            long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).strip());
            ProcessHandle process = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException(node + " (pid " + pid + ") is not running"));
            if (!process.info().commandLine().orElse("").contains("/cluster/" + node + "/config.xml")) {
                throw new IllegalStateException("pid " + pid + " of " + pidFile + " is not " + node);
            }
            process.destroyForcibly();
            // Gone, or a zombie its parent has not reaped yet: either way it no longer serves.
            java.nio.file.Path stat = java.nio.file.Path.of("/proc", String.valueOf(pid), "stat");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (java.nio.file.Files.exists(stat)
                    && !java.nio.file.Files.readString(stat)
                            .replaceFirst(".*\\) ", "")
                            .startsWith("Z")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pid " + pid + " still runs 30 s after SIGKILL");
                }
                Thread.sleep(50);
            }
        } catch (java.io.IOException | InterruptedException | RuntimeException e) {
            throw new IllegalStateException("cannot kill " + node + ": " + e.getMessage(), e);
        }
    }

    public void start(String node) {
        stack.run("up", "--cluster", node);
    }

    /**
     * Starts a node that was killed, as its operator would: 18.16 refuses to load a replicated table whose
     * local parts include ones ZooKeeper never recorded (inserts cut short by the kill) until the server's
     * {@code flags/force_restore_data} is there; with it, those parts are detached, not loaded.
     */
    public void startAfterKill(String node) {
        try {
            java.nio.file.Path flags = nodeDir(node).resolve("data/flags");
            java.nio.file.Files.createDirectories(flags);
            java.nio.file.Files.writeString(flags.resolve("force_restore_data"), "");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot flag " + node + " for a forced restore: " + e.getMessage(), e);
        }
        start(node);
    }

    private java.nio.file.Path nodeDir(String node) {
        return java.nio.file.Path.of(
                System.getenv()
                        .getOrDefault(
                                "SOMACTL_STACK_DIR",
                                stack.root().resolve(".stack").toString()),
                "cluster",
                node);
    }

    /** Waits until every replica holds what the others hold (SYSTEM SYNC REPLICA on each local table). */
    public void syncReplicas(String database) {
        for (String node : NODES) {
            HttpClickHouse clickHouse = node(node, database);
            for (List<String> table : clickHouse.select("SELECT name FROM system.tables WHERE database = "
                    + Sql.quote(database) + " AND engine LIKE 'Replicated%'")) {
                clickHouse.execute("SYSTEM SYNC REPLICA " + Sql.table(database, table.get(0)));
            }
        }
    }

    /** Drops a test's database from every node. */
    public void drop(String database) {
        node(ENTRY, "default").execute("DROP DATABASE IF EXISTS " + Sql.identifier(database) + " ON CLUSTER " + NAME);
    }
}
