package io.somactl.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Turns a topic's JSON Schema (draft 2020-12) into the rules of a {@link CompiledEventSchema}.
 *
 * <p>It knows only the keywords our event schemas use and refuses any other, naming it: a schema
 * change that brings a new keyword must fail loudly here rather than be half checked.
 */
final class SchemaCompiler {

    /** Keywords that only annotate: they never make a value invalid (format assertions are off). */
    private static final Set<String> ANNOTATIONS = Set.of(
            "$schema",
            "$id",
            "$comment",
            "title",
            "description",
            "format",
            "examples",
            "default",
            "deprecated",
            "readOnly",
            "writeOnly");

    private static final Set<String> TOP_LEVEL = Set.of(
            "type", "properties", "required", "additionalProperties", "anyOf", "dependentRequired", "if", "then");
    private static final Set<String> VALUE = Set.of(
            "type",
            "pattern",
            "minLength",
            "maxLength",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "const",
            "enum");
    private static final int MAX_FIELDS = 64;

    /** The compiled parts, handed to CompiledEventSchema. */
    record Compiled(
            List<String> names,
            ValueRule[] rules,
            ValueRule[] ifRules,
            long required,
            boolean additionalPropertiesAllowed,
            long[] anyOf,
            int[][] dependentRequired,
            boolean hasIf,
            long ifRequired,
            long thenRequired) {}

    private final Map<String, Integer> ids = new LinkedHashMap<>();

    private SchemaCompiler() {}

    static Compiled compile(JsonNode schema) {
        return new SchemaCompiler().top(schema);
    }

    private Compiled top(JsonNode schema) {
        requireObject(schema, "#");
        onlyKnownKeywords(schema, "#", TOP_LEVEL);
        if (!"object".equals(schema.path("type").asText(null))) {
            throw new IllegalArgumentException("#/type: an event schema must have \"type\": \"object\" at the top");
        }
        JsonNode properties = schema.path("properties");
        requireObject(properties, "#/properties");
        if (properties.size() > MAX_FIELDS) {
            throw new IllegalArgumentException(
                    "#/properties: at most " + MAX_FIELDS + " properties are supported, not " + properties.size());
        }
        properties.fieldNames().forEachRemaining(name -> ids.put(name, ids.size()));
        List<String> names = List.copyOf(ids.keySet());
        ValueRule[] rules = new ValueRule[names.size()];
        for (String name : names) {
            rules[ids.get(name)] = valueRule(properties.get(name), name, "#/properties/" + name);
        }
        long required = names(schema.get("required"), "#/required");
        boolean additional = additionalProperties(schema.get("additionalProperties"));
        long[] anyOf = anyOf(schema.get("anyOf"));
        int[][] dependent = dependentRequired(schema.get("dependentRequired"));

        ValueRule[] ifRules = new ValueRule[names.size()];
        long ifRequired = 0;
        long thenRequired = 0;
        JsonNode ifSchema = schema.get("if");
        JsonNode thenSchema = schema.get("then");
        if (ifSchema != null && thenSchema != null) {
            requireObject(ifSchema, "#/if");
            onlyKnownKeywords(ifSchema, "#/if", Set.of("properties", "required"));
            JsonNode ifProperties = ifSchema.path("properties");
            Iterator<String> it = ifProperties.fieldNames();
            while (it.hasNext()) {
                String name = it.next();
                int id = id(name, "#/if/properties");
                ifRules[id] = valueRule(ifProperties.get(name), name, "#/if/properties/" + name);
            }
            ifRequired = names(ifSchema.get("required"), "#/if/required");
            requireObject(thenSchema, "#/then");
            onlyKnownKeywords(thenSchema, "#/then", Set.of("required"));
            thenRequired = names(thenSchema.get("required"), "#/then/required");
        }
        return new Compiled(
                names,
                rules,
                ifRules,
                required,
                additional,
                anyOf,
                dependent,
                ifSchema != null && thenSchema != null,
                ifRequired,
                thenRequired);
    }

    private ValueRule valueRule(JsonNode spec, String name, String where) {
        String path = JsonPaths.field(name);
        if (spec.isBoolean() && spec.booleanValue()) {
            return new ValueRule(path, -1, null, null, -1, null, -1, null, null, null, null, null, null, null);
        }
        requireObject(spec, where);
        onlyKnownKeywords(spec, where, VALUE);
        int allowed = -1;
        String[] typeMessages = null;
        JsonNode type = spec.get("type");
        if (type != null) {
            if (!type.isTextual()) {
                throw new IllegalArgumentException(where + "/type: only a single type name is supported, not " + type);
            }
            int kind = JsonKind.byName(type.textValue());
            if (kind < 0) {
                throw new IllegalArgumentException(where + "/type: unknown type " + type);
            }
            allowed = 1 << kind;
            if (kind == JsonKind.NUMBER) {
                allowed |= 1 << JsonKind.INTEGER;
            }
            typeMessages = new String[JsonKind.NULL + 1];
            for (int k = JsonKind.OBJECT; k <= JsonKind.NULL; k++) {
                typeMessages[k] = "must be " + JsonKind.withArticle(type.textValue()) + ", not "
                        + JsonKind.withArticle(JsonKind.name(k));
            }
        }
        StringPattern pattern = null;
        if (spec.has("pattern")) {
            JsonNode p = spec.get("pattern");
            if (!p.isTextual()) {
                throw new IllegalArgumentException(where + "/pattern: must be a string");
            }
            try {
                pattern = StringPattern.compile(p.textValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "/pattern: " + e.getMessage(), e);
            }
        }
        int maxLength = length(spec.get("maxLength"), where + "/maxLength");
        int minLength = length(spec.get("minLength"), where + "/minLength");
        List<JsonConstant> constants = null;
        String constMessage = null;
        if (spec.has("const") && spec.has("enum")) {
            throw new IllegalArgumentException(where + ": const and enum together are not supported");
        }
        if (spec.has("const")) {
            constants = List.of(JsonConstant.of(spec.get("const"), where + "/const"));
            constMessage = "must be " + spec.get("const");
        } else if (spec.has("enum")) {
            JsonNode values = spec.get("enum");
            if (!values.isArray() || values.isEmpty()) {
                throw new IllegalArgumentException(where + "/enum: must be a non-empty array");
            }
            constants = new ArrayList<>();
            StringJoiner listed = new StringJoiner(", ");
            for (JsonNode value : values) {
                constants.add(JsonConstant.of(value, where + "/enum"));
                listed.add(value.isTextual() ? value.textValue() : value.toString());
            }
            constMessage = "must be one of: " + listed;
        }
        return new ValueRule(
                path,
                allowed,
                typeMessages,
                pattern,
                maxLength,
                maxLength < 0 ? null : "must be at most " + grouped(maxLength) + " characters long",
                minLength,
                minLength < 0 ? null : "must be at least " + grouped(minLength) + " characters long",
                bound(spec.get("minimum"), "must be >= ", where + "/minimum"),
                bound(spec.get("maximum"), "must be <= ", where + "/maximum"),
                bound(spec.get("exclusiveMinimum"), "must be > ", where + "/exclusiveMinimum"),
                bound(spec.get("exclusiveMaximum"), "must be < ", where + "/exclusiveMaximum"),
                constants,
                constMessage);
    }

    private static String grouped(int n) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(n); // "2,048", as the schema library wrote it
    }

    private static int length(JsonNode node, String where) {
        if (node == null) {
            return -1;
        }
        if (!node.canConvertToExactIntegral() || node.asLong() < 0 || node.asLong() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where + ": must be a non-negative integer, not " + node);
        }
        return node.asInt();
    }

    private static ValueRule.Bound bound(JsonNode node, String message, String where) {
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException(where + ": must be a number, not " + node);
        }
        BigDecimal value = node.decimalValue();
        return ValueRule.Bound.of(value, message + node.asText());
    }

    private static boolean additionalProperties(JsonNode node) {
        if (node == null) {
            return true;
        }
        if (!node.isBoolean()) {
            throw new IllegalArgumentException("#/additionalProperties: only true or false is supported, not " + node);
        }
        return node.booleanValue();
    }

    private long[] anyOf(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException("#/anyOf: must be a non-empty array");
        }
        long[] alternatives = new long[node.size()];
        for (int i = 0; i < node.size(); i++) {
            String where = "#/anyOf/" + i;
            requireObject(node.get(i), where);
            onlyKnownKeywords(node.get(i), where, Set.of("required"));
            alternatives[i] = names(node.get(i).get("required"), where + "/required");
        }
        return alternatives;
    }

    private int[][] dependentRequired(JsonNode node) {
        if (node == null) {
            return new int[0][];
        }
        requireObject(node, "#/dependentRequired");
        List<int[]> pairs = new ArrayList<>();
        node.fields().forEachRemaining(e -> {
            int trigger = id(e.getKey(), "#/dependentRequired");
            String where = "#/dependentRequired/" + e.getKey();
            if (!e.getValue().isArray()) {
                throw new IllegalArgumentException(where + ": must be an array of property names");
            }
            for (JsonNode dependent : e.getValue()) {
                pairs.add(new int[] {trigger, id(dependent.asText(), where)});
            }
        });
        return pairs.toArray(new int[0][]);
    }

    private long names(JsonNode node, String where) {
        if (node == null) {
            return 0;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + ": must be an array of property names");
        }
        long mask = 0;
        for (JsonNode name : node) {
            if (!name.isTextual()) {
                throw new IllegalArgumentException(where + ": must be an array of property names, not " + node);
            }
            mask |= 1L << id(name.textValue(), where);
        }
        return mask;
    }

    private int id(String name, String where) {
        Integer id = ids.get(name);
        if (id == null) {
            throw new IllegalArgumentException(
                    where + ": names " + name + ", which is not in #/properties (not supported)");
        }
        return id;
    }

    private static void requireObject(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": must be a JSON object (a schema), not " + node);
        }
    }

    private static void onlyKnownKeywords(JsonNode schema, String where, Set<String> supported) {
        schema.fieldNames().forEachRemaining(keyword -> {
            if (!supported.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
                throw new IllegalArgumentException(where + ": keyword \"" + keyword
                        + "\" is not supported by the compiled schema reader, so it could not be enforced");
            }
        });
    }
}
