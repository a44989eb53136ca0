package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.alerts.PrometheusApi;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.testing.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in infra/observability/: the stack's Prometheus accepts every query in it, and
 * every somactl metric it names is one the ingest worker exports (Prometheus would accept a misspelt
 * name and show an empty panel).
 */
@Tag("stack")
class ObservabilityDashboardIT {
    private static final Path DASHBOARD =
            LocalStack.projectRoot().resolve("infra/observability/somactl-dashboard.json");
    private static final Pattern SOMACTL_METRIC = Pattern.compile("somactl_ingest_[a-z_]+");

    @Test
    void prometheusAcceptsEveryQueryOfTheDashboard() throws Exception {
        List<String> queries = queries(new ObjectMapper().readTree(Files.readString(DASHBOARD)));
        assertTrue(queries.size() >= 15, "the dashboard should query spend, latency, dead letters and lag: " + queries);
        PrometheusApi prometheus = new PrometheusApi(LocalStack.ensureUp().prometheusUrl(), Duration.ofSeconds(10));
        List<String> refused = new ArrayList<>();
        for (String query : queries) {
            try {
                prometheus.query(query);
            } catch (RuntimeException e) {
                refused.add(query + " -> " + e.getMessage());
            }
        }
        assertEquals(List.of(), refused, "Prometheus refused these dashboard queries");
    }

    @Test
    void everySomactlMetricTheDashboardNamesIsExportedByTheWorker() throws Exception {
        String exported = new IngestMetrics().prometheusText();
        Set<String> families = new TreeSet<>();
        exported.lines().filter(l -> l.startsWith("# TYPE ")).forEach(l -> families.add(l.split(" ")[2]));
        Set<String> missing = new TreeSet<>();
        for (String query : queries(new ObjectMapper().readTree(Files.readString(DASHBOARD)))) {
            Matcher m = SOMACTL_METRIC.matcher(query);
            while (m.find()) {
                String name = m.group().replaceAll("_(bucket|sum|count)$", "");
                if (!families.contains(name)) {
                    missing.add(m.group());
                }
            }
        }
        assertEquals(
                Set.of(),
                missing,
                "the dashboard names metrics the worker does not export (exported: " + families + ")");
    }

    private static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText());
            }
        }
        return queries;
    }
}
