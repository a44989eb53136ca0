package io.somactl.core.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A limit as the small JSON object stored in its scope's hash, under the field
 * {@code limit:<period>:<metric>}: amounts as strings (exact decimals, never floats).
 * <pre>{"window":"calendar","limit":"500","warn":["80","90"],"action":"downgrade","downgrade_to":"phi-3-mini"}</pre>
 */
public final class BudgetCodec {
    static final String LIMIT_FIELD = "limit:";
    static final String TIME_ZONE_FIELD = "time_zone";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BudgetCodec() {}

    public static String field(BudgetLimit limit) {
        return LIMIT_FIELD + limit.id();
    }

    public static String encode(BudgetLimit limit) {
        ObjectNode node = JSON.createObjectNode();
        node.put("window", limit.window().cliName());
        node.put("limit", limit.limit().toPlainString());
        ArrayNode warn = node.putArray("warn");
        limit.warn().forEach(step -> warn.add(step.toPlainString()));
        node.put("action", limit.action().cliName());
        if (limit.downgradeTo() != null) {
            node.put("downgrade_to", limit.downgradeTo());
        }
        return node.toString();
    }

    /** Decodes the value of field {@code limit:<period>:<metric>}. */
    public static BudgetLimit decode(String field, String json) {
        String[] id = field.substring(LIMIT_FIELD.length()).split(":", 2);
        try {
            JsonNode node = JSON.readTree(json);
            List<BigDecimal> warn = new ArrayList<>();
            node.path("warn").forEach(step -> warn.add(new BigDecimal(step.asText())));
            String downgrade =
                    node.hasNonNull("downgrade_to") ? node.get("downgrade_to").asText() : null;
            return new BudgetLimit(
                    Period.parse(id[0]),
                    Metric.parse(id[1]),
                    WindowKind.parse(node.path("window").asText()),
                    new BigDecimal(node.path("limit").asText()),
                    warn,
                    LimitAction.parse(node.path("action").asText()),
                    downgrade);
        } catch (IOException e) {
            throw new UncheckedIOException("budget " + field + " in Redis is not JSON: " + json, e);
        }
    }

    /** A compact one-line description for audit records and diffs: {@code limit=500 window=calendar warn=80,90 action=pause}. */
    public static String describe(BudgetLimit limit) {
        if (limit == null) {
            return "";
        }
        return "limit=" + limit.limit().toPlainString() + " window="
                + limit.window().cliName() + " warn="
                + String.join(
                        ",",
                        limit.warn().stream().map(BigDecimal::toPlainString).toList()) + " action="
                + limit.action().cliName()
                + (limit.downgradeTo() == null ? "" : " downgrade-to=" + limit.downgradeTo());
    }
}
