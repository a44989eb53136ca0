package io.somactl.core.budget;

import com.fasterxml.jackson.databind.JsonNode;
import io.somactl.core.config.ConfigException;
import io.somactl.core.text.Printable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A budgets file for {@code budget apply -f}: every tenant's budgets, declaratively (a tenant or limit
 * not in the file has none after the apply).
 *
 * <pre>
 * tenants:
 *   acme:
 *     time-zone: Europe/Berlin          # calendar boundaries; default UTC
 *     limits:
 *       - period: daily                 # daily | monthly
 *         metric: total-tokens          # input-tokens | output-tokens | total-tokens | cost-usd | gpu-hours
 *         limit: 2000000
 *         window: calendar              # calendar (default) | rolling (last 24h / last 30d)
 *         warn: [80, 90, 95]            # percent; default [80]
 *         action: downgrade             # downgrade | pause | require-approval
 *         downgrade-to: phi-3-mini
 *     personas:
 *       support-agent:
 *         limits:
 *           - {period: monthly, metric: cost-usd, limit: 250.00, action: require-approval}
 * </pre>
 */
public final class BudgetFile {
    public static final List<BigDecimal> DEFAULT_WARN = List.of(BigDecimal.valueOf(80));

    private BudgetFile() {}

    public static Map<String, TenantBudgets> load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException("budgets file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read budgets file " + file + ": " + e.getMessage(), e);
        }
    }

    public static Map<String, TenantBudgets> parse(String text, String source) {
        JsonNode root;
        try {
            root = io.somactl.core.text.StrictYaml.read(text);
        } catch (IOException e) {
            throw new ConfigException(
                    source + " is not valid YAML: "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
        Map<String, TenantBudgets> tenants = new TreeMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return tenants;
        }
        expectKeys(root, Set.of("tenants"), source);
        JsonNode list = root.path("tenants");
        if (list.isNull() || list.isMissingNode()) {
            return tenants;
        }
        if (!list.isObject()) {
            throw new ConfigException(source + ": tenants must be a map of tenant name to budgets");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String where = source + ": tenants." + entry.getKey();
            try {
                tenants.put(entry.getKey(), tenant(entry.getKey(), entry.getValue(), where));
            } catch (IllegalArgumentException | DateTimeException e) {
                throw new ConfigException(where + ": " + e.getMessage(), e);
            }
        }
        return tenants;
    }

    private static TenantBudgets tenant(String name, JsonNode node, String where) {
        Names.tenant(name);
        if (node.isNull()) {
            return TenantBudgets.empty(name);
        }
        expectKeys(node, Set.of("time-zone", "limits", "personas"), where);
        ZoneId zone =
                node.hasNonNull("time-zone") ? ZoneId.of(node.get("time-zone").asText()) : null;
        List<BudgetLimit> own = limits(node.path("limits"), where + ".limits");
        Map<String, List<BudgetLimit>> personas = new LinkedHashMap<>();
        JsonNode personaNodes = node.path("personas");
        for (Iterator<Map.Entry<String, JsonNode>> it = personaNodes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String personaWhere = where + ".personas." + entry.getKey();
            Names.persona(entry.getKey());
            expectKeys(entry.getValue(), Set.of("limits"), personaWhere);
            personas.put(entry.getKey(), limits(entry.getValue().path("limits"), personaWhere + ".limits"));
        }
        return new TenantBudgets(name, zone, own, personas);
    }

    private static List<BudgetLimit> limits(JsonNode node, String where) {
        List<BudgetLimit> limits = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return limits;
        }
        if (!node.isArray()) {
            throw new ConfigException(where + " must be a list of limits");
        }
        int i = 0;
        for (JsonNode item : node) {
            String at = where + "[" + i++ + "]";
            expectKeys(item, Set.of("period", "metric", "limit", "window", "warn", "action", "downgrade-to"), at);
            for (String required : List.of("period", "metric", "limit", "action")) {
                if (!item.hasNonNull(required)) {
                    throw new ConfigException(at + ": " + Printable.quote(required) + " is missing");
                }
            }
            try {
                List<BigDecimal> warn = new ArrayList<>();
                if (item.has("warn")) {
                    item.get("warn").forEach(step -> warn.add(new BigDecimal(step.asText())));
                } else {
                    warn.addAll(DEFAULT_WARN);
                }
                limits.add(new BudgetLimit(
                        Period.parse(item.get("period").asText()),
                        Metric.parse(item.get("metric").asText()),
                        item.hasNonNull("window")
                                ? WindowKind.parse(item.get("window").asText())
                                : WindowKind.CALENDAR,
                        new BigDecimal(item.get("limit").asText()),
                        warn,
                        LimitAction.parse(item.get("action").asText()),
                        item.hasNonNull("downgrade-to")
                                ? item.get("downgrade-to").asText()
                                : null));
            } catch (NumberFormatException e) {
                throw new ConfigException(at + ": limit and warn must be numbers", e);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(at + ": " + e.getMessage(), e);
            }
        }
        return limits;
    }

    private static void expectKeys(JsonNode node, Set<String> known, String where) {
        if (!node.isObject()) {
            throw new ConfigException(
                    where + " must be a map (keys: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
        }
        node.fieldNames()
                .forEachRemaining(key -> io.somactl.core.text.StrictYaml.unknownKey(key, known)
                        .ifPresent(problem -> {
                            throw new ConfigException(where + ": " + problem);
                        }));
    }
}
