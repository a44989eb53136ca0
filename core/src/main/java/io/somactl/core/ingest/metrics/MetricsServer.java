package io.somactl.core.ingest.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.somactl.core.SomactlException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves the ingest worker's metrics over HTTP with the JDK's server: {@code GET /metrics} in the
 * Prometheus text format, {@code GET /healthz} (200 {@code ok} while healthy, 503 with the reason
 * otherwise). Any other path is 404; another method on those two paths is 405. Two daemon threads
 * answer, so a stuck scrape neither blocks the worker nor keeps the JVM alive.
 */
public final class MetricsServer implements AutoCloseable {
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";
    private static final int THREADS = 2;

    private final HttpServer server;
    private final ExecutorService executor;
    private final IngestMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MetricsServer(HttpServer server, ExecutorService executor, IngestMetrics metrics) {
        this.server = server;
        this.executor = executor;
        this.metrics = metrics;
    }

    /**
     * Listens on {@code host:port} ({@code 0.0.0.0} for every interface; port 0 for any free one, see
     * {@link #port()}) and starts answering.
     *
     * @throws SomactlException when the port is taken or the address cannot be listened on
     */
    public static MetricsServer start(String host, int port, IngestMetrics metrics) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(metrics, "metrics");
        if (port < 0 || port > 65_535) {
            throw new SomactlException(
                    "metrics port " + port + " is out of range: use 1-65535, or 0 for any free port");
        }
        String where = hostPort(host, port);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException e) {
            throw new SomactlException(
                    "cannot serve metrics on " + where + ": port " + port
                            + " is already in use (" + e.getMessage()
                            + "); stop what listens there or choose another port"
                            + " (0 picks a free one)",
                    e);
        } catch (UnresolvedAddressException e) {
            throw new SomactlException("cannot serve metrics on " + where + ": unknown host " + host, e);
        } catch (IOException e) {
            throw new SomactlException(
                    "cannot serve metrics on " + where + " (port " + port + "): " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        MetricsServer metricsServer = new MetricsServer(server, executor, metrics);
        server.createContext("/", metricsServer::handle);
        server.setExecutor(executor);
        try {
            startAsDaemon(server);
        } catch (RuntimeException e) {
            server.stop(0);
            executor.shutdownNow();
            throw e;
        }
        return metricsServer;
    }

    /** The port listened on: the one asked for, or the one chosen for port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address listened on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops listening and answering, at once (in-flight requests are cut off); safe to call again. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (RuntimeException e) {
            // Nothing reaches the JDK server's thread: it would only drop the connection silently.
            try {
                respond(exchange, 500, TEXT_CONTENT_TYPE, "internal error: " + e + "\n");
            } catch (IOException | RuntimeException ignored) {
                // The response had started; the client sees a cut-off answer.
            }
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean metricsPath = "/metrics".equals(path);
        boolean healthPath = "/healthz".equals(path);
        if (!metricsPath && !healthPath) {
            respond(exchange, 404, TEXT_CONTENT_TYPE, "not found: " + path + " (try /metrics or /healthz)\n");
        } else if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            respond(
                    exchange,
                    405,
                    TEXT_CONTENT_TYPE,
                    "method " + exchange.getRequestMethod() + " not allowed: use GET\n");
        } else if (metricsPath) {
            respond(exchange, 200, METRICS_CONTENT_TYPE, metrics.prometheusText());
        } else {
            IngestMetrics.Health health = metrics.health();
            if (health.healthy()) {
                respond(exchange, 200, TEXT_CONTENT_TYPE, "ok\n");
            } else {
                String reason = health.reason().isEmpty() ? "unhealthy" : health.reason();
                respond(exchange, 503, TEXT_CONTENT_TYPE, reason + "\n");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The JDK server's dispatcher thread takes its daemon status from the thread that starts it;
     * starting it from a daemon thread means a worker that dies without {@link #close()} does not
     * leave the JVM running for the sake of its metrics.
     */
    private static void startAsDaemon(HttpServer server) {
        RuntimeException[] failure = new RuntimeException[1];
        Thread starter = new Thread(
                () -> {
                    try {
                        server.start();
                    } catch (RuntimeException e) {
                        failure[0] = e;
                    }
                },
                "somactl-metrics-start");
        starter.setDaemon(true);
        starter.start();
        boolean interrupted = false;
        while (true) {
            try {
                starter.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "somactl-metrics-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
