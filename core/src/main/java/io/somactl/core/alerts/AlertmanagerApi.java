package io.somactl.core.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somactl.core.ServerUnreachableException;
import io.somactl.core.SomactlException;
import io.somactl.core.text.Redaction;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Alertmanager's v2 API: post alerts (firing or resolved by their endsAt) and list the active ones. */
public final class AlertmanagerApi {
    /** An alert as Alertmanager's v2 API takes and returns it. */
    public record Alert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt) {
        public Alert {
            labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
            annotations = java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final String shown; // for messages: without a password the URL may carry
    private final Duration timeout;
    private final HttpClient http;

    public AlertmanagerApi(URI base, Duration timeout) {
        this.base = PrometheusApi.withSlash(base);
        this.shown = Redaction.redact(this.base.toString());
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI base() {
        return base;
    }

    /** POST /api/v2/alerts. A startsAt of null lets Alertmanager keep (or set) the start itself. */
    public void post(List<Alert> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        ArrayNode body = JSON.createArrayNode();
        for (Alert alert : alerts) {
            ObjectNode node = body.addObject();
            ObjectNode labels = node.putObject("labels");
            alert.labels().forEach(labels::put);
            ObjectNode annotations = node.putObject("annotations");
            alert.annotations().forEach(annotations::put);
            if (alert.startsAt() != null) {
                node.put("startsAt", iso(alert.startsAt()));
            }
            node.put("endsAt", iso(alert.endsAt()));
        }
        send(
                HttpRequest.newBuilder(base.resolve("api/v2/alerts"))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                "post alerts");
    }

    /** The alerts Alertmanager holds as active (not resolved) whose labels equal every one of {@code matchers}. */
    public List<Alert> active(Map<String, String> matchers) {
        StringBuilder query =
                new StringBuilder("api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true");
        matchers.forEach((name, value) -> query.append("&filter=")
                .append(URLEncoder.encode(
                        name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"",
                        StandardCharsets.UTF_8)));
        String body = send(
                HttpRequest.newBuilder(base.resolve(query.toString()))
                        .timeout(timeout)
                        .GET()
                        .build(),
                "list alerts");
        List<Alert> alerts = new ArrayList<>();
        try {
            for (JsonNode node : JSON.readTree(body)) {
                if ("resolved".equals(node.path("status").path("state").asText())) {
                    continue; // the v2 API lists unresolved alerts only; this is a safeguard
                }
                alerts.add(new Alert(
                        strings(node.path("labels")),
                        strings(node.path("annotations")),
                        Instant.parse(node.path("startsAt").asText()),
                        Instant.parse(node.path("endsAt").asText())));
            }
        } catch (IOException e) {
            throw new SomactlException("Alertmanager at " + shown + " answered something that is not JSON: "
                    + PrometheusApi.abbreviate(body));
        }
        return alerts;
    }

    /** Alertmanager's version (from /api/v2/status). */
    public String version() {
        String body = send(
                HttpRequest.newBuilder(base.resolve("api/v2/status"))
                        .timeout(timeout)
                        .GET()
                        .build(),
                "status");
        try {
            return JSON.readTree(body).path("versionInfo").path("version").asText();
        } catch (IOException e) {
            throw new SomactlException("Alertmanager at " + shown + " answered something that is not JSON: "
                    + PrometheusApi.abbreviate(body));
        }
    }

    private String send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ServerUnreachableException("alertmanager", shown, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted while talking to Alertmanager at " + shown, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new SomactlException("Alertmanager at " + shown + " refused to " + what + ": HTTP "
                    + response.statusCode() + " " + PrometheusApi.abbreviate(response.body()));
        }
        return response.body();
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            values.put(field.getKey(), field.getValue().asText());
        }
        return values;
    }

    private static String iso(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS));
    }
}
