package io.somactl.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.somactl.core.files.AtomicFile;
import io.somactl.core.text.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * config.yaml: named contexts (kubectl-style) and the current one. Each context maps setting keys
 * to values; nested YAML ({@code clickhouse: {url: …}}) and dotted keys ({@code clickhouse.url})
 * are the same thing.
 */
public record ConfigFile(Path path, String currentContext, Map<String, Map<String, String>> contexts) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    public ConfigFile {
        contexts = copy(contexts);
    }

    public static ConfigFile load(Path path) {
        if (!Files.exists(path)) {
            return new ConfigFile(path, null, Map.of());
        }
        JsonNode root = readYaml(path);
        String current = root.path("current-context").isTextual()
                ? root.get("current-context").asText()
                : null;
        Map<String, Map<String, String>> contexts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("contexts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> context = it.next();
            Map<String, String> values = new TreeMap<>();
            flatten("", context.getValue(), values);
            values.keySet().forEach(key -> checkKey(path, context.getKey(), key, false));
            contexts.put(context.getKey(), values);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("current-context") && !field.equals("contexts")) {
                throw new ConfigException(path + ": unknown top-level key " + Printable.quote(field)
                        + " (expected current-context and contexts)");
            }
        }
        return new ConfigFile(path, current, contexts);
    }

    static ObjectMapper yaml() {
        return YAML;
    }

    static JsonNode readYaml(Path path) {
        try {
            JsonNode root = io.somactl.core.text.StrictYaml.read(java.nio.file.Files.readString(path));
            if (root == null || root.isMissingNode() || root.isNull()) {
                return YAML.createObjectNode();
            }
            if (!root.isObject()) {
                throw new ConfigException(path + ": expected a YAML mapping at the top");
            }
            return root;
        } catch (IOException e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException parse
                    ? parse.getOriginalMessage()
                    : e.getMessage();
            throw new ConfigException("cannot read " + path + ": " + reason, e);
        }
    }

    static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(e ->
                            flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into));
        } else if (!node.isNull()) {
            into.put(prefix, node.asText());
        }
    }

    static void checkKey(Path path, String context, String key, boolean secretsFile) {
        SettingKey known = SettingKey.byKey(key)
                .orElseThrow(() -> new ConfigException(path + ": context "
                        + Printable.quote(context) + " has an "
                        + io.somactl.core.text.StrictYaml.unknownKey(
                                        key,
                                        java.util.Arrays.stream(SettingKey.values())
                                                .map(SettingKey::key)
                                                .toList())
                                .orElseThrow()));
        if (known.isSecret() && !secretsFile) {
            throw new ConfigException(
                    path + ": context " + Printable.quote(context) + " holds the secret " + Printable.quote(key)
                            + "; keep it in secrets.yaml beside config.yaml (mode 600) or in "
                            + known.environmentVariable());
        }
        if (!known.isSecret() && secretsFile) {
            throw new ConfigException(path + ": " + Printable.quote(key) + " is not a secret; set it in config.yaml");
        }
    }

    public boolean hasContext(String name) {
        return contexts.containsKey(name);
    }

    public ConfigFile withCurrentContext(String name) {
        return new ConfigFile(path, name, contexts);
    }

    public ConfigFile withContext(String name, Map<String, String> values) {
        values.keySet().forEach(key -> checkKey(path, name, key, false));
        Map<String, Map<String, String>> more = new LinkedHashMap<>(contexts);
        more.put(name, new TreeMap<>(values));
        return new ConfigFile(path, currentContext, more);
    }

    public ConfigFile withoutContext(String name) {
        Map<String, Map<String, String>> fewer = new LinkedHashMap<>(contexts);
        fewer.remove(name);
        return new ConfigFile(path, name.equals(currentContext) ? null : currentContext, fewer);
    }

    /** Writes the file atomically (a temporary file renamed over the old one). */
    public void save() {
        ObjectNode root = YAML.createObjectNode();
        if (currentContext != null) {
            root.put("current-context", currentContext);
        }
        ObjectNode contextsNode = root.putObject("contexts");
        contexts.forEach((name, values) -> {
            ObjectNode context = contextsNode.putObject(name);
            values.forEach((key, value) -> nest(context, key, value));
        });
        try {
            AtomicFile.write(path, YAML.writeValueAsBytes(root), true);
        } catch (IOException e) {
            throw new ConfigException(
                    io.somactl.core.files.FileWriteException.of(path, e).getMessage(), e);
        }
    }

    private static void nest(ObjectNode node, String dottedKey, String value) {
        int dot = dottedKey.indexOf('.');
        if (dot < 0) {
            node.put(dottedKey, value);
        } else {
            String head = dottedKey.substring(0, dot);
            ObjectNode child = node.has(head) ? (ObjectNode) node.get(head) : node.putObject(head);
            nest(child, dottedKey.substring(dot + 1), value);
        }
    }

    private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> contexts) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        contexts.forEach((name, values) -> copy.put(name, Map.copyOf(values)));
        return java.util.Collections.unmodifiableMap(copy);
    }
}
