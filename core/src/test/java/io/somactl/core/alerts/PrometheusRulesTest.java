package io.somactl.core.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.testing.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** infra/observability/alerts.yml is generated: it must be what the generator writes, and Prometheus's promtool must accept it. */
class PrometheusRulesTest {
    private static final Path CHECKED_IN = LocalStack.projectRoot().resolve("infra/observability/alerts.yml");

    @Test
    void theCheckedInRulesFileIsWhatTheGeneratorWrites() throws Exception {
        assertTrue(Files.exists(CHECKED_IN), CHECKED_IN + " is missing: run somactl alerts rules --out " + CHECKED_IN);
        assertEquals(
                PrometheusRules.render(PrometheusRules.Options.defaults()),
                Files.readString(CHECKED_IN),
                CHECKED_IN + " is out of date with the rules generator: run bin/somactl alerts rules --out "
                        + "infra/observability/alerts.yml and commit the result");
    }

    @Test
    void promtoolAcceptsTheCheckedInRules() throws Exception {
        String out = promtool("check", "rules", CHECKED_IN.toString());
        assertTrue(out.contains("SUCCESS: 8 rules found"), "promtool found another number of rules:\n" + out);
    }

    @Test
    void theShippedRulesFireTelemetryWorkerDownAfterOneMinuteAndTestsCanShortenIt(@TempDir Path dir) throws Exception {
        String shipped = PrometheusRules.render(PrometheusRules.Options.defaults());
        assertTrue(shipped.contains("""
                      - alert: TelemetryWorkerDown
                        expr: 'up{job="somactl-ingest"} == 0 or absent(up{job="somactl-ingest"})'
                        for: 1m
                        labels:
                          severity: critical
                """), "TelemetryWorkerDown is not the shipped rule:\n" + shipped);
        String fast =
                PrometheusRules.render(PrometheusRules.Options.defaults().withWorkerDownFor(Duration.ofSeconds(5)));
        assertTrue(fast.contains("        for: 5s\n"), fast);
        Path file = dir.resolve("fast.yml");
        Files.writeString(file, fast);
        assertTrue(promtool("check", "rules", file.toString()).contains("SUCCESS"));
    }

    @Test
    void durationsAreWrittenAsPrometheusWritesThem() {
        assertEquals("1m", PrometheusRules.promDuration(Duration.ofMinutes(1)));
        assertEquals("90s", PrometheusRules.promDuration(Duration.ofSeconds(90)));
        assertEquals("2h", PrometheusRules.promDuration(Duration.ofHours(2)));
        assertEquals("1500ms", PrometheusRules.promDuration(Duration.ofMillis(1500)));
    }

    /** Runs promtool (Debian's prometheus package, installed by stack/up); fails the test unless it exits 0. */
    static String promtool(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("promtool"));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), "promtool " + String.join(" ", args) + " failed:\n" + out);
        return out;
    }
}
