package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.somactl.commands.support.CommandGroup;
import io.somactl.commands.support.Invocation;
import io.somactl.core.clickhouse.ClickHouseSettings;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.testing.LocalStack;
import io.somactl.core.testing.PostgresFixture;
import io.somactl.core.testing.SyntheticBilling;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every data command with {@code -o json}, in-process, against the real stack with real rows: the JSON
 * parses, every field is in docs/output.md, and (for commands that only read) the same run with {@code -o csv}
 * and {@code -o yaml} carries the same fields with the same values (decimals exactly). Which commands are
 * data commands comes from the command tree: every command with {@code -o} must be run here, and every other
 * runnable command must be in {@link #NO_DATA}, so a new command without a case fails this test.
 */
@Tag("stack")
class OutputRoundTripIT {
    private static final ObjectMapper JSON =
            new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    /** Fields measured at the moment of the run: they differ between two runs of one command. */
    private static final Set<String> MOMENTARY = Set.of(
            "resets_in_seconds",
            "resets_in",
            "round_trip",
            "round_trip_ms",
            "detail",
            "latency",
            "latency_ms",
            "version");

    /**
     * The runnable commands without {@code -o}: they print no rows of data. Each says why; a command group
     * ({@link CommandGroup}, e.g. {@code budget}) only names its verbs and needs no entry.
     */
    private static final Map<String, String> NO_DATA = Map.of(
            "shell", "the interactive shell over the same tree",
            "completion", "prints a bash/zsh completion script",
            "serve", "the HTTP server; its answers are the commands' own JSON (ServeIT)",
            "serve token revoke", "one confirmation line (revoked ID); serve token list shows the tokens",
            "alerts rules", "prints the Prometheus rules file (YAML for Prometheus, not rows)",
            "cost import", "prints a pricing catalog file (docs/pricing.md), not rows");

    private final LocalStack stack = LocalStack.ensureUp();
    private final CommandLine tree = CommandTree.create(
            new SomactlRoot(new Invocation(Map.of())),
            new PrintWriter(Writer.nullWriter()),
            new PrintWriter(Writer.nullWriter()));
    /** The commands (space-separated path) this test ran with {@code -o json}. */
    private final Set<String> covered = new TreeSet<>();
    /** Fields a command printed that docs/output.md does not name. */
    private final Set<String> undocumented = new TreeSet<>();

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
        env.put("SOMACTL_POSTGRES_URL", PostgresFixture.url(stack)); // its schema is named like the database
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
        assertDocumented(args, tree);
        covered.add(path(args));
        return tree;
    }

    /** Every top-level field (of each row, or of the document) is named in docs/output.md; the misses are listed at the end. */
    private void assertDocumented(List<String> args, JsonNode tree) throws Exception {
        String documented = Files.readString(LocalStack.projectRoot().resolve("docs/output.md"));
        List<JsonNode> objects = new ArrayList<>();
        if (tree.isArray()) {
            tree.forEach(objects::add);
        } else {
            objects.add(tree);
        }
        for (JsonNode object : objects) {
            for (String field : fieldNames(object)) {
                if (!Pattern.compile("\\b" + Pattern.quote(field) + "\\b")
                        .matcher(documented)
                        .find()) {
                    undocumented.add(path(args) + ": " + field);
                }
            }
        }
    }

    /** The command a command line names: its words down the tree ({@code budget show} of {@code budget show acme}). */
    private String path(List<String> args) {
        CommandLine at = tree;
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            CommandLine sub = at.getSubcommands().get(arg);
            if (sub == null) {
                break;
            }
            words.add(arg);
            at = sub;
        }
        return String.join(" ", words);
    }

    /** Every command of the tree by path (the root left out). */
    private static void commands(CommandLine at, String prefix, Map<String, CommandSpec> into) {
        for (Map.Entry<String, CommandLine> sub : at.getSubcommands().entrySet()) {
            if (!sub.getKey().equals(sub.getValue().getCommandName())) {
                continue; // an alias
            }
            String path = prefix.isEmpty() ? sub.getKey() : prefix + " " + sub.getKey();
            into.put(path, sub.getValue().getCommandSpec());
            commands(sub.getValue(), path, into);
        }
    }

    /** Rows: the JSON array, CSV and YAML of the same command hold the same fields and values. */
    private JsonNode rowsRoundTrip(String... command) throws Exception {
        List<String> args = List.of(command);
        JsonNode rows = json(args);
        assertTrue(rows.isArray(), String.join(" ", args) + ": rows are a JSON array\n" + rows);
        JsonNode yaml = YAML.readTree(run(args, "yaml").out());
        assertSameRows(args, rows, yaml);

        Run table = run(args, "table"); // the people's view of the same run renders too (through the same renderer)
        assertEquals(0, table.exitCode(), table.describe());
        assertFalse(rows.size() > 0 && table.out().isBlank(), table.describe());

        Run csvRun = run(args, "csv");
        assertEquals(0, csvRun.exitCode(), csvRun.describe());
        List<CSVRecord> records = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .build()
                .parse(new StringReader(csvRun.out()))
                .getRecords();
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
                        assertEquals(
                                0,
                                a.decimalValue().compareTo(b.decimalValue()),
                                args + " " + field + ": " + a + " vs " + b);
                    } else {
                        assertEquals(
                                a.getNodeType(), b.getNodeType(), args + " " + field + ": same type in JSON and YAML");
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
            assertTrue(
                    csv.equals(String.join(",", items))
                            || csv.equals(String.join("; ", items))
                            || csv.equals(String.join(" ", items)),
                    where + ": " + json + " vs " + csv);
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
        assertEquals(json.getNodeType(), yaml.getNodeType(), args + ": JSON " + json + "\nYAML " + yaml);
        assertEquals(json.size(), yaml.size(), args + ": JSON " + json + "\nYAML " + yaml);
        if (json.size() > 0) {
            assertEquals(
                    fieldNames(json.isArray() ? json.get(0) : json),
                    fieldNames(yaml.isArray() ? yaml.get(0) : yaml),
                    args + ": YAML fields");
        }
        return json;
    }

    @Test
    void everyDataCommandRoundTripsItsJson() throws Exception {
        Map<String, CommandSpec> all = new TreeMap<>();
        commands(tree, "", all);
        List<String> unexplained = all.entrySet().stream()
                .filter(c -> c.getValue().findOption("--output") == null
                        && !(c.getValue().userObject() instanceof CommandGroup))
                .map(Map.Entry::getKey)
                .filter(c -> !NO_DATA.containsKey(c))
                .toList();
        assertEquals(
                List.of(), unexplained, "commands without -o: give them -o (and a case below) or a reason in NO_DATA");
        for (String quiet : NO_DATA.keySet()) {
            assertTrue(
                    all.containsKey(quiet) && all.get(quiet).findOption("--output") == null,
                    "NO_DATA: " + quiet + " is not a command without -o (any more)");
        }
        try {
            runEveryCommand();
        } finally {
            new PostgresFixture(stack, name).close(); // drops the schema schema apply made
        }
        List<String> missing = all.entrySet().stream()
                .filter(c -> c.getValue().findOption("--output") != null)
                .map(Map.Entry::getKey)
                .filter(c -> !covered.contains(c))
                .toList();
        assertEquals(List.of(), missing, "data commands without a round-trip case in this test");
        assertEquals(Set.of(), undocumented, "fields not in docs/output.md");
    }

    private void runEveryCommand() throws Exception {
        JsonNode applied = json(List.of("schema", "apply"));
        assertTrue(applied.isArray(), applied.toString());
        ClickHouseSettings base = stack.clickHouse(name);
        SyntheticBilling.insert(
                new HttpClickHouse(
                        new ClickHouseSettings(base.url(), base.user(), base.password(), name, Duration.ofMinutes(5))),
                2_000,
                Instant.parse("2026-11-01T00:00:00Z"));

        JsonNode schema = rowsRoundTrip("schema", "status");
        assertTrue(schema.size() > 0 && schema.get(0).has("state"), schema.toString());
        JsonNode spend = rowsRoundTrip("spend", "--since", "2026-11-01", "--until", "2026-12-01");
        assertTrue(spend.size() > 0 && spend.get(0).get("cost_usd").isNumber(), "cost exact, a JSON number: " + spend);
        rowsRoundTrip("spend", "--by", "model", "--since", "2026-11-01", "--until", "2026-12-01");
        JsonNode tokens =
                rowsRoundTrip("tokens", "--since", "2026-11-01", "--until", "2026-12-01", "--group-by", "tenant,model");
        assertTrue(tokens.size() > 0, tokens.toString());
        JsonNode aggregate =
                rowsRoundTrip("aggregate", "--since", "2026-11-01", "--until", "2026-12-01", "--period", "day");
        assertTrue(aggregate.size() > 0 && aggregate.get(0).has("period_end"), aggregate.toString());
        JsonNode backfill = json(List.of("aggregate", "backfill", "--since", "2026-11-01", "--until", "2026-12-01"));
        assertTrue(backfill.size() > 0 && backfill.get(0).has("rollups"), backfill.toString());
        rowsRoundTrip("cost", "show", "--at", "2024-01-01");
        rowsRoundTrip(
                "cost",
                "estimate",
                "--model",
                "soma-slm-8b",
                "--input-tokens",
                "1000",
                "--output-tokens",
                "10",
                "--at",
                "2024-01-01");
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
        assertEquals(
                exported.get(0).get("rows").asLong(),
                verified.get(0).get("rows").asLong());
        assertEquals(
                0,
                new BigDecimal(exported.get(0).get("cost_usd").asText())
                        .compareTo(verified.get(0).get("cost_usd").decimalValue()),
                "the export's cost equals the verified manifest's, exactly: " + exported + " " + verified);

        JsonNode set = json(List.of(
                "budget",
                "set",
                "--tenant",
                "acme",
                "--period",
                "daily",
                "--metric",
                "total-tokens",
                "--limit",
                "1000",
                "--action",
                "pause"));
        assertTrue(set.isArray() && set.size() > 0, set.toString());
        Path budgets = dir.resolve("budgets.yaml");
        Files.writeString(budgets, """
                tenants:
                  acme:
                    limits:
                      - {period: daily, metric: total-tokens, limit: 1000, action: pause}
                  globex:
                    limits:
                      - {period: monthly, metric: cost-usd, limit: 250, action: pause}
                """);
        JsonNode planned = rowsRoundTrip("budget", "apply", "-f", budgets.toString(), "--dry-run");
        assertEquals(1, planned.size(), "apply is declarative: acme's budget stays, globex's is added: " + planned);
        assertEquals("globex", planned.get(0).get("tenant").asText(), planned.toString());
        JsonNode appliedBudgets = json(List.of("budget", "apply", "-f", budgets.toString()));
        assertEquals(planned.size(), appliedBudgets.size(), appliedBudgets.toString());
        JsonNode shown = documentRoundTrip("budget", "show", "acme");
        assertEquals("acme", shown.get("budgets").get(0).get("tenant").asText(), shown.toString());
        JsonNode override =
                json(List.of("budget", "override", "--tenant", "acme", "--until", "2h", "--reason", "launch"));
        assertEquals("override", override.get(0).get("action").asText(), override.toString());
        assertTrue(Instant.parse(override.get(0).get("until").asText()).isAfter(Instant.now()), override.toString());
        JsonNode cleared = json(List.of("budget", "override", "--tenant", "acme", "--clear", "--reason", "done"));
        assertEquals(true, cleared.get(0).get("changed").asBoolean(), cleared.toString());
        JsonNode checked = documentRoundTrip("budget", "check", "--tenant", "acme", "--tokens", "1");
        String reservation = checked.get("reservation_id").asText();
        JsonNode released = json(List.of("budget", "release", "--tenant", "acme", reservation));
        assertEquals(true, released.get(0).get("released").asBoolean(), released.toString());
        JsonNode reset = json(List.of("budget", "reset", "--period", "daily"));
        assertTrue(reset.isArray(), reset.toString());
        JsonNode rebuilt = json(List.of("budget", "rebuild"));
        assertTrue(rebuilt.isArray(), rebuilt.toString());

        JsonNode generated = json(List.of(
                "generate", "--events", "3000", "--out", dir.resolve("g.ndjson").toString()));
        assertEquals(3000, generated.get(0).get("events").asLong(), generated.toString());
        JsonNode created = json(List.of("topics", "create", "--partitions", "1"));
        assertEquals("created", created.get(0).get("state").asText(), created.toString());
        JsonNode topics = rowsRoundTrip("topics", "create", "--partitions", "1"); // now each run says: exists
        assertEquals(12, topics.size(), topics.toString());
        JsonNode dryRun =
                rowsRoundTrip("replay", "--file", dir.resolve("g.ndjson").toString(), "--dry-run");
        long priced =
                dryRun.findValues("events").stream().mapToLong(JsonNode::asLong).sum();
        assertTrue(priced > 0 && priced <= 3000, "the dry run prices the file's LLM events: " + dryRun);
        JsonNode emitted = json(List.of("emit", dir.resolve("g.ndjson").toString()));
        assertEquals(
                3000,
                emitted.findValues("sent").stream().mapToLong(JsonNode::asLong).sum(),
                emitted.toString());
        JsonNode ingested = json(List.of("ingest", "--until-caught-up", "--group", name, "--give-up-after", "2m"));
        assertEquals(3000, ingested.get(0).get("consumed").asLong(), ingested.toString());
        assertEquals(true, ingested.get(0).get("clean").asBoolean(), ingested.toString());

        String[] trace = {"--since", "2020-01-01", "--until", "2027-01-01"};
        JsonNode calls = rowsRoundTrip(with("calls", "list", trace));
        assertTrue(calls.size() > 0, "the generated trace has voice calls: " + calls);
        JsonNode call =
                rowsRoundTrip("calls", "show", calls.get(0).get("call_id").asText());
        assertEquals(calls.get(0).get("call_id"), call.get(0).get("call_id"), call.toString());
        JsonNode sessions = rowsRoundTrip("sessions", "list", "--limit", "5");
        assertTrue(sessions.size() > 0, "ingest stored sessions in PostgreSQL: " + sessions);
        JsonNode session = rowsRoundTrip(
                "sessions",
                "show",
                sessions.get(0).get("session_id").asText(),
                "--tenant",
                sessions.get(0).get("tenant").asText());
        assertEquals(sessions.get(0).get("session_id"), session.get(0).get("session_id"), session.toString());
        rowsRoundTrip("escalations", "list", "--limit", "1000");
        JsonNode sessionsRebuilt = json(List.of("sessions", "rebuild", "--since", "2020-01-01"));
        assertTrue(sessionsRebuilt.get(0).get("sessions").asLong() > 0, sessionsRebuilt.toString());
        String[] november = {"--since", "2023-11-01", "--until", "2023-12-01"
        }; // the generated trace (the synthetic rows' models are not in the catalog)
        JsonNode repriced = rowsRoundTrip(with("reprice", "--dry-run", november));
        assertTrue(repriced.isArray(), repriced.toString());

        JsonNode scores = documentRoundTrip(with("score", "models", november));
        assertTrue(scores.size() > 0, scores.toString());
        rowsRoundTrip("score", "history", "soma-slm-8b");
        JsonNode anomalies = documentRoundTrip("score", "anomalies", "--no-publish");
        assertTrue(anomalies.get("flags").isArray(), anomalies.toString());
        JsonNode route = documentRoundTrip(
                "route",
                "--tenant",
                "hooli",
                "--complexity",
                "low",
                "--candidates",
                "soma-slm-8b,llama-3.1-70b,qwen2.5-72b");
        assertTrue(route.has("model"), route.toString());
        JsonNode top = documentRoundTrip("top", "--once", "--panel-timeout", "5s", "--group", name);
        assertTrue(top.has("taken_at"), top.toString());

        Path archive = dir.resolve("november.parquet");
        JsonNode archived = json(List.of(
                "archive",
                "--source",
                "clickhouse",
                "--out",
                archive.toString(),
                "--from",
                "2023-11-01",
                "--to",
                "2023-12-01"));
        assertTrue(
                archived.findValues("events").stream()
                                .mapToLong(JsonNode::asLong)
                                .sum()
                        > 0,
                archived.toString());
        JsonNode archiveVerified = rowsRoundTrip("archive", "verify", archive.toString());
        assertEquals(true, archiveVerified.get(0).get("ok").asBoolean(), archiveVerified.toString());

        JsonNode token = json(List.of("serve", "token", "create", "--tenant", "acme"));
        assertEquals("acme", token.get(0).get("scope").asText(), token.toString());
        JsonNode tokenList = rowsRoundTrip("serve", "token", "list");
        assertEquals(token.get(0).get("id"), tokenList.get(0).get("id"), tokenList.toString());
        assertTrue(token.get(0).get("token").asText().length() > 20, "the token itself, shown once");

        JsonNode context =
                json(List.of("config", "set-context", "staging", "--set", "clickhouse.url=http://127.0.0.1:18123"));
        assertEquals("created", context.get(0).get("change").asText(), context.toString());
        assertEquals(
                "switched",
                json(List.of("config", "use-context", "staging"))
                        .get(0)
                        .get("change")
                        .asText());
        assertEquals(
                "deleted",
                json(List.of("config", "delete-context", "staging"))
                        .get(0)
                        .get("change")
                        .asText());
        documentRoundTrip("alerts", "probe", "--rule", "TenantBudgetThreshold");
    }

    private static String[] with(String first, String second, String... more) {
        List<String> all = new ArrayList<>(List.of(first, second));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
