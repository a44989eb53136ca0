package io.somactl.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somactl.core.report.Grain;
import io.somactl.core.report.TimeRange;
import io.somactl.core.text.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON written beside every export ({@code FILE.manifest.json}): what the file is (name, format,
 * bytes, SHA-256, row count, columns), what it covers (period, grain, grouping, tenants), how it was
 * priced (the catalog somactl had and the versions the rows were priced with), and its exact totals,
 * overall and per tenant. Decimals are JSON strings so no reader turns them into floating point.
 */
public record Manifest(
        String file,
        BillingFormat format,
        long bytes,
        String sha256,
        List<String> columns,
        BillingRequest request,
        String pricingCatalogVersion,
        List<String> pricingVersions,
        BillingTotals totals,
        Instant createdAt,
        String createdBy,
        String somactlVersion,
        String database) {

    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** {@code billing.csv} → {@code billing.csv.manifest.json}, beside it. */
    public static Path besides(Path file) {
        return file.resolveSibling(file.getFileName() + ".manifest.json");
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("manifest_version", VERSION);
        root.put("kind", "somactl billing export");
        root.put("file", file);
        root.put("format", format.label());
        root.put("bytes", bytes);
        root.put("sha256", sha256);
        root.put("rows", totals.overall().rows());
        ObjectNode period = root.putObject("period");
        period.put("label", request.range().label());
        period.put("since", request.range().since().toString());
        period.put("until", request.range().until().toString());
        root.put("grain", request.grain().label());
        ArrayNode groupBy = root.putArray("group_by");
        request.groupBy().forEach(d -> groupBy.add(d.column()));
        ArrayNode tenants = root.putArray("tenants");
        request.tenants().forEach(tenants::add);
        ArrayNode columnNames = root.putArray("columns");
        columns.forEach(columnNames::add);
        ObjectNode pricing = root.putObject("pricing");
        pricing.put("catalog_version", pricingCatalogVersion);
        ArrayNode versions = pricing.putArray("versions_in_rows");
        pricingVersions.forEach(versions::add);
        root.set("totals", sum(totals.overall()));
        ObjectNode byTenant = root.putObject("totals_by_tenant");
        totals.byTenant().forEach((tenant, sum) -> byTenant.set(tenant, sum(sum)));
        root.put("created_at", createdAt.toString());
        root.put("created_by", createdBy);
        root.put("somactl_version", somactlVersion);
        root.put("database", database);
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode sum(BillingTotals.Sum sum) {
        ObjectNode node = JSON.createObjectNode();
        sum.fields().forEach((name, value) -> {
            if (value instanceof Long n) {
                node.put(name, n);
            } else {
                node.put(name, value.toString());
            }
        });
        return node;
    }

    /** Reads a manifest; fails with what is missing or malformed. */
    public static Manifest read(Path path) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new BillingFileException(path, "no such manifest (an export writes FILE.manifest.json beside FILE)");
        } catch (IOException e) {
            throw new BillingFileException(path, "not a JSON manifest: " + e.getMessage());
        }
        try {
            if (root.path("manifest_version").asInt() != VERSION) {
                throw new IllegalArgumentException(
                        "manifest_version " + root.path("manifest_version") + " (this somactl reads " + VERSION + ")");
            }
            JsonNode period = required(root, "period");
            TimeRange range = new TimeRange(
                    Instant.parse(text(period, "since")), Instant.parse(text(period, "until")), text(period, "label"));
            List<String> groupBy = strings(required(root, "group_by"));
            BillingRequest request = new BillingRequest(
                    range,
                    Grain.parse(text(root, "grain")),
                    BillingDimension.parseList(groupBy),
                    strings(required(root, "tenants")));
            Map<String, BillingTotals.Sum> byTenant = new LinkedHashMap<>();
            required(root, "totals_by_tenant")
                    .fields()
                    .forEachRemaining(e -> byTenant.put(e.getKey(), sum(e.getValue())));
            JsonNode pricing = required(root, "pricing");
            return new Manifest(
                    text(root, "file"),
                    BillingFormat.parse(text(root, "format")),
                    required(root, "bytes").asLong(),
                    text(root, "sha256"),
                    strings(required(root, "columns")),
                    request,
                    text(pricing, "catalog_version"),
                    strings(required(pricing, "versions_in_rows")),
                    BillingTotals.of(sum(required(root, "totals")), byTenant),
                    Instant.parse(text(root, "created_at")),
                    root.path("created_by").asText(""),
                    root.path("somactl_version").asText(""),
                    root.path("database").asText(""));
        } catch (RuntimeException e) {
            throw new BillingFileException(path, "not a somactl billing manifest: " + e.getMessage());
        }
    }

    private static BillingTotals.Sum sum(JsonNode node) {
        return new BillingTotals.Sum(
                required(node, "rows").asLong(),
                required(node, "requests").asLong(),
                required(node, "input_tokens").asLong(),
                required(node, "output_tokens").asLong(),
                required(node, "total_tokens").asLong(),
                BillingRow.exact(text(node, "gpu_hours")),
                BillingRow.exact(text(node, "cost_usd")));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing " + Printable.quote(field));
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
