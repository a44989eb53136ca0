package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which catalog the cost commands use (flag > SOMACTL_PRICING > context > bundled), cost import and cost diff. */
class CostCatalogCommandsTest {
    @TempDir
    Path dir;

    private Path catalog(String name) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                version: "%s.1"
                currency: USD
                models:
                  model-from-%s:
                    - {effective_from: "2026-01-01T00:00:00Z", input: 1, output: 2}
                """.formatted(name, name));
        return file;
    }

    private Map<String, String> env(Path contextCatalog, Path envCatalog) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        if (contextCatalog != null) {
            Path config = dir.resolve("config").resolve("somactl").resolve("config.yaml");
            Files.createDirectories(config.getParent());
            Files.writeString(config, """
                    current-context: ops
                    contexts:
                      ops:
                        pricing:
                          catalog: %s
                    """.formatted(contextCatalog));
        }
        if (envCatalog != null) {
            env.put("SOMACTL_PRICING", envCatalog.toString());
        }
        return env;
    }

    private static String shown(Run run) {
        assertEquals(0, run.exitCode(), run.describe());
        return run.out();
    }

    @Test
    void theCatalogComesFromTheFlagThenSomactlPricingThenTheContextThenTheBundledOne() throws Exception {
        Path context = catalog("context");
        Path environment = catalog("env");
        Path flag = catalog("flag");
        assertTrue(
                shown(Run.of(env(null, null), "cost", "show", "-o", "csv")).contains(",gpt-4o,"),
                "nothing set: the bundled catalog");
        assertTrue(
                shown(Run.of(env(context, null), "cost", "show", "-o", "csv")).contains("model-from-context"),
                "the current context's pricing.catalog");
        assertTrue(
                shown(Run.of(env(context, environment), "cost", "show", "-o", "csv"))
                        .contains("model-from-env"),
                "SOMACTL_PRICING wins over the context");
        assertTrue(
                shown(Run.of(env(context, environment), "cost", "show", "--pricing", flag.toString(), "-o", "csv"))
                        .contains("model-from-flag"),
                "--pricing wins over everything");
    }

    @Test
    void aNamedCatalogThatIsMissingIsAnErrorNotASilentFallBackToTheBundledOne() throws Exception {
        Path missing = dir.resolve("gone.yaml");
        Run run = Run.of(env(null, missing), "cost", "show");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains(missing.toString()) && run.err().contains("no such file"), run.describe());
        assertTrue(!run.out().contains("gpt-4o"), "nothing is priced with the bundled catalog instead");
    }

    @Test
    void importWritesALoadableCatalogAndReportsWhatItLeftOutThenDiffShowsTheChange() throws Exception {
        Path map = dir.resolve("prices.json");
        Files.writeString(map, """
                {"gpt-4o": {"input_cost_per_token": 2.5e-06, "cache_read_input_token_cost": 1.25e-06,
                            "output_cost_per_token": 1e-05, "input_cost_per_token_batches": 1.25e-06,
                            "litellm_provider": "openai", "mode": "chat"},
                 "gpt-4o-mini": {"input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07,
                                 "litellm_provider": "openai", "mode": "chat"}}
                """);
        Path out = dir.resolve("imported.yaml");
        Run imported = Run.of(
                env(null, null),
                "cost",
                "import",
                "--from",
                "litellm",
                map.toString(),
                "--effective-from",
                "2026-12-02",
                "--model",
                "gpt-4o",
                "--out",
                out.toString());
        assertEquals(0, imported.exitCode(), imported.describe());
        assertTrue(
                imported.err()
                        .contains(
                                "note: not imported (not a per-token price of the catalog): input_cost_per_token_batches"),
                imported.describe());
        assertTrue(
                imported.err().contains("imported 1 models (catalog version litellm-2026-12-02) into " + out),
                imported.describe());
        String yaml = Files.readString(out);
        assertTrue(
                yaml.contains("usage_convention: openai")
                        && yaml.contains("input: 2.5")
                        && yaml.contains("cached_input_read: 1.25"),
                yaml);

        Run estimate = Run.of(
                env(null, null),
                "cost",
                "estimate",
                "--pricing",
                out.toString(),
                "--model",
                "gpt-4o",
                "--input-tokens",
                "1000000",
                "--output-tokens",
                "0",
                "--at",
                "2026-12-03",
                "-o",
                "json");
        assertEquals(0, estimate.exitCode(), estimate.describe());

        Run diff = Run.of(env(null, null), "cost", "diff", "bundled", out.toString(), "-o", "json");
        assertEquals(0, diff.exitCode(), diff.describe());
        JsonNode rows = new ObjectMapper().readTree(diff.out());
        boolean removedMini = false;
        boolean gptListed = false;
        for (JsonNode row : rows) {
            removedMini |= row.path("change").asText().equals("model removed")
                    && row.path("subject").asText().equals("gpt-4o-mini");
            gptListed |= row.path("subject").asText().equals("gpt-4o");
        }
        assertTrue(removedMini, "the bundled catalog's gpt-4o-mini is not in the import: " + diff.out());
        assertTrue(!gptListed, "gpt-4o imported at the bundled catalog's prices and date is no change: " + diff.out());

        Run bad = Run.of(
                env(null, null),
                "cost",
                "import",
                "--from",
                "litellm",
                map.toString(),
                "--effective-from",
                "2026-12-02",
                "--model",
                "gpt-9");
        assertEquals(4, bad.exitCode(), bad.describe());
        assertTrue(bad.err().contains("--model gpt-9: no such model in the map"), bad.describe());
    }

    @Test
    void importIntoABaseCatalogAddsANewPeriodAndKeepsEverythingElse() throws Exception {
        Path map = dir.resolve("prices.json");
        Files.writeString(map, """
                {"gpt-4o-mini": {"input_cost_per_token": 1.2e-07, "cache_read_input_token_cost": 6e-08,
                                 "output_cost_per_token": 5e-07, "litellm_provider": "openai", "mode": "chat"}}
                """);
        Path merged = dir.resolve("merged.yaml");
        Run run = Run.of(
                env(null, null),
                "cost",
                "import",
                "--from",
                "litellm",
                map.toString(),
                "--effective-from",
                "2026-12-10",
                "--base",
                "bundled",
                "--out",
                merged.toString());
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(
                run.err().contains("merge: added a period to gpt-4o-mini from 2026-12-10T00:00:00Z"), run.describe());
        assertTrue(run.err().contains("(catalog version 2026-12-02.1+litellm-2026-12-10)"), run.describe());

        Run diff = Run.of(env(null, null), "cost", "diff", "bundled", merged.toString(), "-o", "json");
        assertEquals(0, diff.exitCode(), diff.describe());
        for (JsonNode row : new ObjectMapper().readTree(diff.out())) {
            boolean version = row.path("component").asText().equals("version");
            boolean newPeriod = row.path("change").asText().equals("added")
                    && row.path("subject").asText().equals("gpt-4o-mini")
                    && row.path("effective_from").asText().equals("2026-12-10T00:00:00Z");
            assertTrue(version || newPeriod, "only the new gpt-4o-mini period and the version differ, not " + row);
        }
        Run priced = Run.of(
                env(null, null),
                "cost",
                "estimate",
                "--pricing",
                merged.toString(),
                "--model",
                "gpt-4o-mini",
                "--input-tokens",
                "1000000",
                "--output-tokens",
                "0",
                "--at",
                "2026-12-11",
                "-o",
                "json");
        assertEquals(0, priced.exitCode(), priced.describe());
        JsonNode input = null;
        for (JsonNode row : new ObjectMapper().readTree(priced.out())) {
            if (row.path("component").asText().equals("input")) {
                input = row;
            }
        }
        assertTrue(
                input != null && input.path("exact").decimalValue().compareTo(new java.math.BigDecimal("0.12")) == 0,
                "1M input tokens at the new period's $0.12: " + priced.out());
    }
}
