package io.somactl.core.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Prometheus or Alertmanager: {@code GET /-/ready} must answer 200, then the version comes from its
 * status API ({@code /api/v1/status/buildinfo} {@code version}, {@code /api/v2/status}
 * {@code versionInfo.version}). Without a URL in the context the server is reported not configured.
 */
public final class HttpApiHealthCheck implements HealthCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String server;
    private final String setting;
    private final Optional<URI> base;
    private final String versionPath;
    private final String versionPointer;
    private final Duration timeout;

    private HttpApiHealthCheck(
            String server,
            String setting,
            Optional<URI> base,
            String versionPath,
            String versionPointer,
            Duration timeout) {
        this.server = server;
        this.setting = setting;
        this.base = base.map(u -> u.toString().endsWith("/") ? u : URI.create(u + "/"));
        this.versionPath = versionPath;
        this.versionPointer = versionPointer;
        this.timeout = timeout;
    }

    public static HttpApiHealthCheck prometheus(Optional<URI> url, Duration timeout) {
        return new HttpApiHealthCheck(
                "prometheus", "prometheus.url", url, "api/v1/status/buildinfo", "/data/version", timeout);
    }

    public static HttpApiHealthCheck alertmanager(Optional<URI> url, Duration timeout) {
        return new HttpApiHealthCheck(
                "alertmanager", "alertmanager.url", url, "api/v2/status", "/versionInfo/version", timeout);
    }

    @Override
    public String server() {
        return server;
    }

    @Override
    public String address() {
        return base.map(URI::toString).orElse("-");
    }

    @Override
    public HealthReport check() {
        if (base.isEmpty()) {
            return HealthReport.notConfigured(server, setting);
        }
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
            long start = System.nanoTime();
            HttpResponse<String> ready = http.send(
                    HttpRequest.newBuilder(base.get().resolve("-/ready"))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            if (ready.statusCode() != 200) {
                return HealthReport.down(
                        server,
                        address(),
                        "not ready: HTTP " + ready.statusCode() + " "
                                + ready.body().strip());
            }
            HttpResponse<String> status = http.send(
                    HttpRequest.newBuilder(base.get().resolve(versionPath))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String version = status.statusCode() == 200
                    ? JSON.readTree(status.body()).at(versionPointer).asText("?")
                    : "?";
            return HealthReport.up(server, address(), version, latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthReport.down(server, address(), "interrupted");
        } catch (Exception e) {
            return HealthReport.down(server, address(), Problems.describe(e));
        }
    }
}
