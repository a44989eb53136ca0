package io.somactl.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sql/migrations/V001__event_tables.sql keeps step with the schemas: one table per topic, one column per field. */
class EventTablesMatchSchemasTest {

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "CREATE TABLE IF NOT EXISTS \\$\\{database}\\.(\\w+) \\$\\{on_cluster}\\s*\\((.*?)\\)\\s*"
                    + "ENGINE = MergeTree\\s+PARTITION BY toYYYYMM\\(ts\\)\\s+ORDER BY \\(tenant, ts, event_id\\);",
            Pattern.DOTALL);
    private static final Pattern COLUMN = Pattern.compile("^\\s*(\\w+)\\s+(.+?),?\\s*$");

    private static final List<String> ENVELOPE = List.of(
            "event_id UUID", "ts DateTime", "ts_ms UInt16", "tenant LowCardinality(String)", "schema_version UInt16");
    private static final List<String> PROVENANCE =
            List.of("_topic LowCardinality(String)", "_partition UInt32", "_offset UInt64", "_ingested_at DateTime");
    private static final Map<Topic, List<String>> COST_COLUMNS = Map.of(
            Topic.SLM_METRICS,
                    List.of(
                            "cost_input_usd",
                            "cost_cached_read_usd",
                            "cost_cached_write_usd",
                            "cost_output_usd",
                            "cost_reasoning_usd",
                            "cost_gpu_usd",
                            "cost_usd"),
            Topic.ESCALATION_METRICS, List.of("cost_input_usd", "cost_output_usd", "cost_reasoning_usd", "cost_usd"),
            Topic.CONVERSATION_METRICS,
                    List.of("cost_stt_usd", "cost_llm_usd", "cost_tts_usd", "cost_media_usd", "cost_usd"));

    @ParameterizedTest
    @EnumSource(Topic.class)
    void tableStartsWithTheEnvelopeAndEndsWithIngestProvenance(Topic topic) {
        List<String> columns = columnsOf(topic).entrySet().stream()
                .map(c -> c.getKey() + " " + c.getValue())
                .toList();

        assertEquals(ENVELOPE, columns.subList(0, ENVELOPE.size()), topic.table() + " must start with the envelope");
        assertEquals(
                PROVENANCE,
                columns.subList(columns.size() - PROVENANCE.size(), columns.size()),
                topic.table() + " must end with the ingest provenance columns");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everySchemaFieldHasAColumnOfTheSameNameNullableExactlyWhenOptional(Topic topic) {
        JsonNode schema = ContractFiles.readJson(ContractFiles.schemaFile(topic));
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        Map<String, String> columns = columnsOf(topic);
        List<String> problems = new ArrayList<>();

        schema.path("properties").fields().forEachRemaining(field -> {
            String name = field.getKey();
            if (ENVELOPE.stream().anyMatch(c -> c.startsWith(name + " "))) {
                return;
            }
            String type = columns.get(name);
            if (type == null) {
                problems.add(name + ": no column");
                return;
            }
            boolean nullable = type.startsWith("Nullable(");
            if (nullable == required.contains(name)) {
                problems.add(
                        name + ": " + type + (nullable ? " but the field is required" : " but the field is optional"));
            }
            String expected = switch (field.getValue().path("type").asText()) {
                case "integer" -> "U?Int(8|16|32|64)";
                case "number" -> "Float64";
                case "boolean" -> "UInt8";
                default -> "(LowCardinality\\()?String\\)?"; // strings, and objects as their JSON text
            };
            String bare = nullable ? type.substring("Nullable(".length(), type.length() - 1) : type;
            if (!bare.matches(expected)) {
                problems.add(name + ": " + type + " does not fit a JSON "
                        + field.getValue().path("type").asText());
            }
        });

        assertEquals(
                List.of(), problems, () -> topic.table() + " in V001 does not match " + topic.topicName() + " schema");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void pricedTablesHoldExactDecimalCostsAndTheirPricingVersion(Topic topic) {
        Map<String, String> columns = columnsOf(topic);
        List<String> costs =
                columns.keySet().stream().filter(c -> c.startsWith("cost_")).toList();

        assertEquals(COST_COLUMNS.getOrDefault(topic, List.of()), costs, () -> topic.table() + " cost columns");
        costs.forEach(c -> assertEquals(
                "Decimal(38, 12)",
                columns.get(c),
                () -> topic.table() + "." + c + " must be Decimal(38, 12) USD: Float sums of money drift"));
        if (!costs.isEmpty()) {
            assertEquals(
                    "LowCardinality(String)",
                    columns.get("pricing_version"),
                    () -> topic.table() + " must record the pricing_version its costs were computed with");
        }
    }

    private static Map<String, String> columnsOf(Topic topic) {
        String ddl = readMigration().replaceAll("--[^\n]*", "");
        Matcher table = CREATE_TABLE.matcher(ddl);
        while (table.find()) {
            if (table.group(1).equals(topic.table())) {
                Map<String, String> columns = new LinkedHashMap<>();
                for (String line : table.group(2).split("\n")) {
                    Matcher column = COLUMN.matcher(line);
                    if (column.matches()) {
                        columns.put(column.group(1), column.group(2));
                    }
                }
                return columns;
            }
        }
        throw new AssertionError("V001__event_tables.sql has no table " + topic.table() + " for topic "
                + topic.topicName() + " (CREATE TABLE IF NOT EXISTS ${database}." + topic.table()
                + " ${on_cluster} ... ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (tenant, ts, event_id);)");
    }

    private static String readMigration() {
        try {
            return Files.readString(ContractFiles.eventTablesMigration());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + ContractFiles.eventTablesMigration(), e);
        }
    }
}
