package io.somactl.core.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Redis servers a test starts for itself, on free loopback ports, so it may flush, stop or freeze
 * them without touching the shared stack: one server, or a Redis Cluster of three masters made with
 * {@code redis-cli --cluster create}. {@link #close()} stops exactly the processes it started.
 */
public final class RedisServers implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final Path dir;

    private RedisServers(Path dir) {
        this.dir = dir;
    }

    /** One plain Redis on a free port, no persistence. */
    public static RedisServers standalone() {
        RedisServers servers = new RedisServers(tempDir());
        servers.start(false);
        return servers;
    }

    /** A Redis Cluster of three masters (no replicas), every slot assigned. */
    public static RedisServers cluster() {
        RedisServers servers = new RedisServers(tempDir());
        for (int i = 0; i < 3; i++) {
            servers.start(true);
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        servers.ports.forEach(p -> create.add("127.0.0.1:" + p));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        servers.run(create);
        servers.waitFor(
                "cluster_state:ok",
                List.of("redis-cli", "-p", String.valueOf(servers.ports.get(0)), "cluster", "info"));
        return servers;
    }

    public int port() {
        return ports.get(0);
    }

    public String uri() {
        return "redis://127.0.0.1:" + port();
    }

    /** Every node, comma-separated, as redis.uri takes them for a cluster. */
    public String clusterUri() {
        return String.join(
                ",", ports.stream().map(p -> "redis://127.0.0.1:" + p).toList());
    }

    public void flushAll() {
        run(List.of("redis-cli", "-p", String.valueOf(port()), "flushall"));
    }

    /** Freezes the (first) server with SIGSTOP: it keeps its socket but never answers. */
    public void freeze() {
        signal("STOP");
    }

    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        run(List.of("kill", "-" + name, String.valueOf(processes.get(0).pid())));
    }

    private void start(boolean clusterNode) {
        int port = freePort();
        Path nodeDir = dir.resolve(String.valueOf(port));
        try {
            Files.createDirectories(nodeDir);
            List<String> command = new ArrayList<>(List.of(
                    "redis-server",
                    "--port",
                    String.valueOf(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    nodeDir.toString(),
                    "--logfile",
                    nodeDir.resolve("redis.log").toString()));
            if (clusterNode) {
                command.addAll(List.of(
                        "--cluster-enabled",
                        "yes",
                        "--cluster-config-file",
                        nodeDir.resolve("nodes.conf").toString(),
                        "--cluster-node-timeout",
                        "5000"));
            }
            processes.add(new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(nodeDir.resolve("stdout.log").toFile())
                    .start());
            ports.add(port);
            waitFor("PONG", List.of("redis-cli", "-p", String.valueOf(port), "ping"));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start redis-server (is it installed? stack/up installs it): " + e.getMessage(), e);
        }
    }

    private void waitFor(String expected, List<String> command) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = run(command);
            if (last.contains(expected)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(String.join(" ", command) + " never said " + expected + "; last: " + last);
    }

    private String run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("somactl-redis-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            if (process.isAlive()) {
                run(List.of("kill", "-CONT", String.valueOf(process.pid())));
                process.destroy();
                try {
                    if (!process.waitFor(20, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
