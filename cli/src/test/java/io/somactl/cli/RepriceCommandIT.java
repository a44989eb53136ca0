package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somactl.core.ingest.IngestRun;
import io.somactl.core.testing.BundledCatalogs;
import io.somactl.core.testing.IngestFixture;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code somactl reprice} from the command line on trace events: an export records itself, the exported
 * period is protected, {@code --dry-run} prints the diff and writes nothing, {@code --include-exported}
 * applies it and names the export that no longer matches (which {@code export verify} confirms).
 */
@Tag("stack")
class RepriceCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] DAY = {"--since", "2023-11-16T00:00:00Z", "--until", "2023-11-18T00:00:00Z"};

    @TempDir
    Path dir;

    @Test
    void anExportedPeriodIsRepricedOnlyWithIncludeExportedAndTheStaleExportIsNamed() throws Exception {
        IngestFixture fixture = new IngestFixture("repricecli");
        fixture.produce(IngestFixture.trace(2_000));
        assertTrue(IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 10_000))
                .clean());
        Map<String, String> environment = Map.of(
                "HOME",
                "/nonexistent-home",
                "SOMACTL_KAFKA_BOOTSTRAP_SERVER",
                fixture.stack.kafkaBootstrap(),
                "SOMACTL_CLICKHOUSE_URL",
                fixture.stack.clickHouseUrl().toString(),
                "SOMACTL_CLICKHOUSE_DATABASE",
                fixture.database,
                "SOMACTL_REDIS_URI",
                fixture.stack.redisUri(),
                "SOMACTL_REDIS_KEY_PREFIX",
                fixture.redisPrefix,
                "SOMACTL_ACTOR",
                "ci-bot");
        Path catalog = dir.resolve("prices.yaml");
        Files.writeString(catalog, BundledCatalogs.withModel("llama-3.1-70b", """
                    - effective_from: "2023-06-01T00:00:00Z"
                      input: 0.60
                      cached_input_read: 0.295
                      cached_input_write: 0.59
                      output: 0.80
                      reasoning: 0.79
                """, "test-llama.2"));
        Path csv = dir.resolve("billing.csv");

        Run export = Run.of(environment, with(DAY, "export", "billing", "--out", csv.toString()));
        assertEquals(0, export.exitCode(), export.describe());
        assertEquals("1", fixture.clickHouse.selectValue("SELECT count() FROM billing_exports"));
        String costBefore = fixture.clickHouse.selectValue("SELECT toString(sum(cost_usd)) FROM escalation_metrics");

        Run dry = Run.of(environment, with(DAY, "reprice", "--pricing", catalog.toString(), "--dry-run", "-o", "json"));
        assertEquals(0, dry.exitCode(), dry.describe());
        JsonNode lines = JSON.readTree(dry.out());
        BigDecimal delta = null;
        for (JsonNode line : lines) {
            if (line.path("tenant").asText().equals("*")) {
                delta = new BigDecimal(line.path("delta_usd").asText());
            } else if (!line.path("model").asText().equals("llama-3.1-70b")) {
                assertEquals(0, new BigDecimal(line.path("delta_usd").asText()).signum(), line.toString());
            }
        }
        assertTrue(delta != null && delta.signum() > 0, dry.describe());
        assertTrue(dry.err().contains("changes export " + csv.toAbsolutePath()), dry.describe());
        assertTrue(dry.err().contains("needs --include-exported"), dry.describe());
        assertEquals(
                costBefore, fixture.clickHouse.selectValue("SELECT toString(sum(cost_usd)) FROM escalation_metrics"));
        assertEquals("0", fixture.clickHouse.selectValue("SELECT count() FROM reprice_runs"));

        Run refused = Run.of(environment, with(DAY, "reprice", "--pricing", catalog.toString(), "--yes"));
        assertEquals(1, refused.exitCode(), refused.describe());
        assertTrue(refused.err().contains("add --include-exported"), refused.describe());
        assertEquals(
                costBefore, fixture.clickHouse.selectValue("SELECT toString(sum(cost_usd)) FROM escalation_metrics"));

        Run applied = Run.of(
                environment,
                with(
                        DAY,
                        "reprice",
                        "--pricing",
                        catalog.toString(),
                        "--yes",
                        "--include-exported",
                        "--actor",
                        "alice"));
        assertEquals(0, applied.exitCode(), applied.describe());
        assertTrue(
                applied.err().contains("export no longer matches ClickHouse (re-issue it): " + csv.toAbsolutePath()),
                applied.describe());
        assertEquals(
                0,
                new BigDecimal(costBefore)
                        .add(delta)
                        .compareTo(new BigDecimal(fixture.clickHouse.selectValue(
                                "SELECT toString(sum(cost_usd)) FROM escalation_metrics"))));
        assertEquals("alice", fixture.clickHouse.selectValue("SELECT actor FROM reprice_runs WHERE status = 'done'"));

        Run verify = Run.of(environment, "export", "verify", csv.toString());
        assertEquals(1, verify.exitCode(), verify.describe());

        Run again = Run.of(
                environment, with(DAY, "reprice", "--pricing", catalog.toString(), "--yes", "--include-exported"));
        assertEquals(0, again.exitCode(), again.describe());
        assertTrue(again.err().contains("nothing to change"), again.describe());
    }

    private static String[] with(String[] range, String... args) {
        String[] all = new String[args.length + range.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(range, 0, all, args.length, range.length);
        return all;
    }
}
