package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.somactl.core.clickhouse.ClickHouseSettings;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.testing.LocalStack;
import io.somactl.core.testing.SyntheticBilling;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every data command with {@code -o json}, in-process, against the real stack with real rows: the JSON
 * parses, and the same run with {@code -o csv} and {@code -o yaml} carries the same fields with the same
 * values (decimals exactly), and the table's headers are the JSON field names in UPPERCASE.
 */
@Tag("stack")
class OutputRoundTripIT {
    private static final ObjectMapper JSON = new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    /** Fields measured at the moment of the run: they differ between two runs of one command. */
    private static final Set<String> MOMENTARY = Set.of("resets_in_seconds", "resets_in", "round_trip", "round_trip_ms", "detail",
            "latency", "latency_ms", "version");

    private final LocalStack stack = LocalStack.ensureUp();
    private final String name = LocalStack.freshDatabase("roundtrip");

    @TempDir
    Path dir;

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("SOMACTL_KAFKA_BOOTSTRAP_SERVER", stack.kafkaBootstrap());
        env.put("SOMACTL_KAFKA_TOPIC_PREFIX", name + ".");
        env.put("SOMACTL_CLICKHOUSE_URL", stack.clickHouseUrl().toString());
        env.put("SOMACTL_CLICKHOUSE_DATABASE", name);
        env.put("SOMACTL_REDIS_URI", stack.redisUri());
        env.put("SOMACTL_REDIS_KEY_PREFIX", name);
        env.put("SOMACTL_PROMETHEUS_URL", stack.prometheusUrl().toString());
        env.put("SOMACTL_ALERTMANAGER_URL", stack.alertmanagerUrl().toString());
        env.put("SOMACTL_ACTOR", "ci-bot");
        return env;
    }

    private Run run(List<String> args, String format) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("-o", format));
        return Run.of(environment(), all.toArray(String[]::new));
    }

    private JsonNode json(List<String> args) throws Exception {
        Run run = run(args, "json");
        assertTrue(run.exitCode() == 0 || run.exitCode() == 1 && args.get(0).equals("alerts"), run.describe());
        JsonNode tree = JSON.readTree(run.out());
        assertFalse(tree.isMissingNode(), "no JSON: " + run.describe());
        return tree;
    }

    /** Rows: the JSON array, CSV and YAML of the same command hold the same fields and values. */
    private JsonNode rowsRoundTrip(String... command) throws Exception {
        List<String> args = List.of(command);
        JsonNode rows = json(args);
        assertTrue(rows.isArray(), String.join(" ", args) + ": rows are a JSON array\n" + rows);
        JsonNode yaml = YAML.readTree(run(args, "yaml").out());
        assertSameRows(args, rows, yaml);
        String documented = java.nio.file.Files.readString(LocalStack.projectRoot().resolve("docs/output.md"));
        for (JsonNode row : rows) {
            for (String field : fieldNames(row)) {
                assertTrue(java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(field) + "\\b").matcher(documented).find(),
                        String.join(" ", args) + ": field " + field + " is not in docs/output.md");
            }
        }

        Run csvRun = run(args, "csv");
        assertEquals(0, csvRun.exitCode(), csvRun.describe());
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(csvRun.out())).getRecords();
        assertEquals(rows.size(), records.size(), String.join(" ", args) + ": rows in CSV\n" + csvRun.describe());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            CSVRecord record = records.get(i);
            assertEquals(fieldNames(row), record.getParser().getHeaderNames(), String.join(" ", args) + ": CSV header");
            for (String field : fieldNames(row)) {
                if (!MOMENTARY.contains(field)) {
                    assertSameValue(args, field, row.get(field), record.get(field));
                }
            }
        }
        return rows;
    }

    private static void assertSameRows(List<String> args, JsonNode json, JsonNode yaml) {
        assertEquals(json.size(), yaml.size(), String.join(" ", args) + ": rows in YAML");
        for (int i = 0; i < json.size(); i++) {
            assertEquals(fieldNames(json.get(i)), fieldNames(yaml.get(i)), String.join(" ", args) + ": YAML fields");
            for (String field : fieldNames(json.get(i))) {
                if (!MOMENTARY.contains(field)) {
                    JsonNode a = json.get(i).get(field);
                    JsonNode b = yaml.get(i).get(field);
                    if (a.isNumber() && b.isNumber()) {
                        assertEquals(0, a.decimalValue().compareTo(b.decimalValue()), args + " " + field + ": " + a + " vs " + b);
                    } else {
                        assertEquals(a.getNodeType(), b.getNodeType(), args + " " + field + ": same type in JSON and YAML");
                        assertEquals(a.isNull() ? "" : a.asText(), b.isNull() ? "" : b.asText(), args + " " + field);
                    }
                }
            }
        }
    }

    private static void assertSameValue(List<String> args, String field, JsonNode json, String csv) {
        String where = String.join(" ", args) + " " + field;
        if (json == null || json.isNull()) {
            assertEquals("", csv, where);
        } else if (json.isNumber()) {
            assertEquals(0, json.decimalValue().compareTo(new BigDecimal(csv)), where + ": " + json + " vs " + csv);
        } else if (json.isArray()) {
            List<String> items = new ArrayList<>();
            json.forEach(item -> items.add(item.asText()));
            assertTrue(csv.equals(String.join(",", items)) || csv.equals(String.join("; ", items))
                    || csv.equals(String.join(" ", items)), where + ": " + json + " vs " + csv);
        } else {
            assertEquals(json.asText(), csv, where);
        }
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = row.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    /** A document (one object): JSON and YAML hold the same tree. */
    private JsonNode documentRoundTrip(String... command) throws Exception {
        List<String> args = List.of(command);
        JsonNode json = json(args);
        assertTrue(json.isObject() || json.isArray(), args + "\n" + json);
        JsonNode yaml = YAML.readTree(run(args, "yaml").out());
        assertEquals(fieldNames(json.isArray() ? json.get(0) : json), fieldNames(yaml.isArray() ? yaml.get(0) : yaml), args + ": YAML fields");
        return json;
    }

    @Test
    void everyDataCommandRoundTripsItsJson() throws Exception {
        assertEquals(0, Run.of(environment(), "schema", "apply").exitCode());
        ClickHouseSettings base = stack.clickHouse(name);
        SyntheticBilling.insert(new HttpClickHouse(new ClickHouseSettings(base.url(), base.user(), base.password(), name,
                Duration.ofMinutes(5))), 2_000, Instant.parse("2026-11-01T00:00:00Z"));

        JsonNode schema = rowsRoundTrip("schema", "status");
        assertTrue(schema.size() > 0 && schema.get(0).has("state"), schema.toString());
        JsonNode spend = rowsRoundTrip("spend", "--since", "2026-11-01", "--until", "2026-12-01");
        assertTrue(spend.size() > 0 && spend.get(0).get("cost_usd").isNumber(), "cost exact, a JSON number: " + spend);
        rowsRoundTrip("spend", "--by", "model", "--since", "2026-11-01", "--until", "2026-12-01");
        JsonNode tokens = rowsRoundTrip("tokens", "--since", "2026-11-01", "--until", "2026-12-01", "--group-by", "tenant,model");
        assertTrue(tokens.size() > 0, tokens.toString());
        JsonNode aggregate = rowsRoundTrip("aggregate", "--since", "2026-11-01", "--until", "2026-12-01", "--period", "day");
        assertTrue(aggregate.size() > 0 && aggregate.get(0).has("period_end"), aggregate.toString());
        rowsRoundTrip("calls", "list", "--since", "2026-11-01", "--until", "2026-12-01");
        rowsRoundTrip("cost", "show", "--at", "2024-01-01");
        rowsRoundTrip("cost", "estimate", "--model", "soma-slm-8b", "--input-tokens", "1000", "--output-tokens", "10",
                "--at", "2024-01-01");
        rowsRoundTrip("cost", "diff", "bundled", "bundled");
        rowsRoundTrip("doctor");
        rowsRoundTrip("config", "view");
        rowsRoundTrip("config", "get-contexts");
        rowsRoundTrip("budget", "audit");
        rowsRoundTrip("budget", "summary");

        Path export = dir.resolve("billing.csv");
        JsonNode exported = json(List.of("export", "billing", "--period", "2026-11", "--out", export.toString()));
        JsonNode verified = rowsRoundTrip("export", "verify", export.toString());
        assertEquals(true, verified.get(0).get("ok").asBoolean(), verified.toString());
        assertEquals(exported.get(0).get("rows").asLong(), verified.get(0).get("rows").asLong());
        assertEquals(0, new BigDecimal(exported.get(0).get("cost_usd").asText()).compareTo(verified.get(0).get("cost_usd").decimalValue()),
                "the export's cost equals the verified manifest's, exactly: " + exported + " " + verified);

        JsonNode set = json(List.of("budget", "set", "--tenant", "acme", "--period", "daily", "--metric", "total-tokens",
                "--limit", "1000", "--action", "pause"));
        assertTrue(set.isArray() && set.size() > 0, set.toString());
        JsonNode shown = documentRoundTrip("budget", "show", "acme");
        assertEquals("acme", shown.get("budgets").get(0).get("tenant").asText(), shown.toString());
        JsonNode override = json(List.of("budget", "override", "--tenant", "acme", "--until", "2h", "--reason", "launch"));
        assertEquals("override", override.get(0).get("action").asText(), override.toString());
        assertTrue(Instant.parse(override.get(0).get("until").asText()).isAfter(Instant.now()), override.toString());
        JsonNode cleared = json(List.of("budget", "override", "--tenant", "acme", "--clear", "--reason", "done"));
        assertEquals(true, cleared.get(0).get("changed").asBoolean(), cleared.toString());
        documentRoundTrip("budget", "check", "--tenant", "acme", "--tokens", "1");

        JsonNode generated = json(List.of("generate", "--events", "5", "--out", dir.resolve("g.ndjson").toString()));
        assertEquals(5, generated.get(0).get("events").asLong(), generated.toString());
        JsonNode created = json(List.of("topics", "create", "--partitions", "1"));
        assertEquals("created", created.get(0).get("state").asText(), created.toString());
        JsonNode topics = rowsRoundTrip("topics", "create", "--partitions", "1"); // now each run says: exists
        assertEquals(12, topics.size(), topics.toString());
        JsonNode emitted = json(List.of("emit", dir.resolve("g.ndjson").toString()));
        assertEquals(5, emitted.findValues("sent").stream().mapToLong(JsonNode::asLong).sum(), emitted.toString());
        JsonNode ingested = json(List.of("ingest", "--until-caught-up", "--group", name, "--give-up-after", "2m"));
        assertEquals(5, ingested.get(0).get("consumed").asLong(), ingested.toString());
        assertEquals(true, ingested.get(0).get("clean").asBoolean(), ingested.toString());
        JsonNode context = json(List.of("config", "set-context", "staging", "--set", "clickhouse.url=http://127.0.0.1:18123"));
        assertEquals("created", context.get(0).get("change").asText(), context.toString());
        assertEquals("switched", json(List.of("config", "use-context", "staging")).get(0).get("change").asText());
        assertEquals("deleted", json(List.of("config", "delete-context", "staging")).get(0).get("change").asText());
        documentRoundTrip("alerts", "probe", "--rule", "TenantBudgetThreshold");
    }
}
