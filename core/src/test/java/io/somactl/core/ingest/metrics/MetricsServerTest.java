package io.somactl.core.ingest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.SomactlException;
import io.somactl.core.events.Topic;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final IngestMetrics metrics = new IngestMetrics();
    private MetricsServer server;
    private HttpClient http;

    @BeforeEach
    void start() {
        server = MetricsServer.start("127.0.0.1", 0, metrics);
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    @Test
    void portZeroBindsAFreePortAndServesMetrics() throws Exception {
        assertTrue(server.port() > 0, "port 0 should give a real port, got " + server.port());
        metrics.consumed(Topic.SLM_METRICS, 12);

        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals(
                "text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElse(""),
                "Prometheus expects the 0.0.4 text content type");
        Exposition e = Exposition.parse(response.body());
        assertEquals(
                12,
                e.value(
                        "somactl_ingest_events_consumed_total",
                        "somactl_ingest_events_consumed_total",
                        "topic",
                        "slm.metrics"));
    }

    @Test
    void healthzIsOkWhileHealthyAnd503WithTheReasonAfterwards() throws Exception {
        HttpResponse<String> healthy = get("/healthz");
        assertEquals(200, healthy.statusCode());
        assertEquals("ok\n", healthy.body());

        metrics.setHealthy(false, "ClickHouse at http://127.0.0.1:18123 did not answer for 60s");
        HttpResponse<String> unhealthy = get("/healthz");
        assertEquals(503, unhealthy.statusCode(), "an unhealthy worker should fail its health check");
        assertEquals("ClickHouse at http://127.0.0.1:18123 did not answer for 60s\n", unhealthy.body());

        metrics.setHealthy(true, "");
        assertEquals(200, get("/healthz").statusCode(), "healthy again once the worker says so");
    }

    @Test
    void unknownPathsAre404() throws Exception {
        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/metrics/extra").statusCode());
        assertEquals(404, get("/favicon.ico").statusCode());
    }

    @Test
    void otherMethodsThanGetAre405() throws Exception {
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(uri("/metrics"))
                        .POST(HttpRequest.BodyPublishers.ofString("x=1"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElse(""), "a 405 should say which method is allowed");

        HttpResponse<String> delete = http.send(
                HttpRequest.newBuilder(uri("/healthz")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, delete.statusCode());
    }

    @Test
    void aSecondServerOnTheSamePortFailsNamingThePort() {
        int port = server.port();
        SomactlException e =
                assertThrows(SomactlException.class, () -> MetricsServer.start("127.0.0.1", port, metrics));
        assertTrue(e.getMessage().contains("port " + port), "the message should name the port: " + e.getMessage());
        assertTrue(
                e.getMessage().contains("already in use"),
                "the message should say the port is taken: " + e.getMessage());
    }

    @Test
    void closeStopsWithinOneSecondAndFreesThePort() throws Exception {
        assertEquals(200, get("/metrics").statusCode()); // leaves a kept-alive connection behind
        int port = server.port();
        long start = System.nanoTime();
        server.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "close should take under 1 s, took " + took);

        try (HttpClient fresh =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            assertThrows(
                    ConnectException.class,
                    () -> fresh.send(
                            HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString()),
                    "nothing should answer after close");
        }
        try (MetricsServer again = MetricsServer.start("127.0.0.1", port, metrics)) {
            assertEquals(port, again.port(), "the port should be free again after close");
        }
        server.close(); // a second close is harmless
    }

    @Test
    void serverThreadsDoNotKeepTheJvmAlive() throws Exception {
        assertEquals(200, get("/healthz").statusCode()); // an executor thread exists once a request was answered
        List<Thread> serverThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("somactl-metrics-http")
                        || t.getName().equals("HTTP-Dispatcher"))
                .toList();
        assertTrue(
                serverThreads.stream().anyMatch(t -> t.getName().equals("HTTP-Dispatcher")),
                "no dispatcher thread found");
        assertTrue(
                serverThreads.stream().anyMatch(t -> t.getName().startsWith("somactl-metrics-http")),
                "no handler thread found");
        serverThreads.forEach(t -> assertTrue(t.isDaemon(), "thread " + t.getName() + " would keep the JVM running"));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
