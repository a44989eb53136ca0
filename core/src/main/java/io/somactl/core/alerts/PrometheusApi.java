package io.somactl.core.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.ServerUnreachableException;
import io.somactl.core.SomactlException;
import io.somactl.core.text.Redaction;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prometheus's HTTP API (v1): instant queries and the loaded rules. */
public final class PrometheusApi {
    /** One series of an instant vector: its labels and value (exact as Prometheus wrote it). */
    public record Sample(Map<String, String> labels, BigDecimal value) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final String shown; // for messages: without a password the URL may carry
    private final Duration timeout;
    private final HttpClient http;

    public PrometheusApi(URI base, Duration timeout) {
        this.base = withSlash(base);
        this.shown = Redaction.redact(this.base.toString());
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI base() {
        return base;
    }

    /** Runs an instant query; the result must be a vector (a scalar comes back as one sample without labels). */
    public List<Sample> query(String promql) {
        JsonNode data = get("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        List<Sample> samples = new ArrayList<>();
        String type = data.path("resultType").asText();
        if ("scalar".equals(type)) {
            samples.add(new Sample(Map.of(), value(data.path("result").path(1).asText())));
            return samples;
        }
        for (JsonNode series : data.path("result")) {
            Map<String, String> labels = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = series.path("metric").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                labels.put(field.getKey(), field.getValue().asText());
            }
            samples.add(new Sample(labels, value(series.path("value").path(1).asText())));
        }
        return samples;
    }

    /** The names of every alerting and recording rule Prometheus has loaded. */
    public List<String> ruleNames() {
        JsonNode data = get("api/v1/rules");
        List<String> names = new ArrayList<>();
        for (JsonNode group : data.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                names.add(rule.path("name").asText());
            }
        }
        return names;
    }

    /** Prometheus's version (from /api/v1/status/buildinfo). */
    public String version() {
        return get("api/v1/status/buildinfo").path("version").asText();
    }

    private JsonNode get(String path) {
        URI uri = base.resolve(path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ServerUnreachableException("prometheus", shown, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted while asking Prometheus at " + shown, e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SomactlException("Prometheus at " + shown + " answered " + response.statusCode()
                    + " with something that is not JSON: " + abbreviate(response.body()));
        }
        if (response.statusCode() != 200
                || !"success".equals(body.path("status").asText())) {
            throw new SomactlException("Prometheus at " + shown + " refused " + path + ": "
                    + body.path("errorType").asText("HTTP " + response.statusCode()) + ": "
                    + body.path("error").asText(""));
        }
        return body.path("data");
    }

    private static BigDecimal value(String text) {
        return switch (text) {
            case "NaN", "+Inf", "-Inf", "Inf" -> null;
            default -> new BigDecimal(text);
        };
    }

    static URI withSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? uri : URI.create(text + "/");
    }

    static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ').strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
