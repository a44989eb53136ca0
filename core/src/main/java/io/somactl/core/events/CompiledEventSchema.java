package io.somactl.core.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A topic's JSON Schema compiled for one streaming pass over an event's raw bytes: validates and
 * keeps the values. Immutable, thread-safe.
 *
 * <p>One pass of Jackson's streaming parser both checks the event and captures its values into an
 * {@link EventFields}: no tree, and for a valid event no allocation besides the strings (and the text
 * of non-integer numbers). The violations are those the schema library gave (networknt, still the
 * reference in the tests), with these deliberate differences, each right by the JSON Schema spec:
 * <ul>
 *   <li>numbers are compared as written, not as doubles or longs: {@code 5.0000000000000000001} is
 *       above a maximum of 5, {@code -1e-400} below a minimum of 0, {@code 1.00000000000000000001} is
 *       not the const 1 nor an integer, and {@code -0.5} in an integer field with minimum 0 breaks
 *       both the type and the minimum (networknt truncated it to 0 for the minimum);</li>
 *   <li>bytes that are not well-formed UTF-8, or start with a byte order mark, are not valid JSON
 *       (RFC 8259 section 8.1);</li>
 *   <li>a field with an empty name is reported at {@code $['']} (networknt threw);</li>
 *   <li>a top-level value that is not an object says so as ingest did: {@code must be an object, not
 *       an array (not a JSON object)}.</li>
 * </ul>
 */
public final class CompiledEventSchema {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    private static final Comparator<Violation> BY_PATH =
            Comparator.comparing(Violation::path).thenComparing(Violation::message);
    private static final String UNKNOWN_FIELD = "is not a field of this event (misspelt, or not in the topic's schema)";
    private static final String MISSING = "is required but missing";
    private static final String MISSING_BY_CONDITION =
            "is required but missing (required by the value of another field)";
    private static final String NOT_JSON = "not valid JSON: ";
    private static final List<Violation> NO_CONTENT = List.of(new Violation("$", NOT_JSON + "no content"));

    private final List<String> names;
    private final Map<String, Integer> ids;
    private final ValueRule[] rules;
    private final ValueRule[] ifRules;
    private final long required;
    private final boolean additionalPropertiesAllowed;
    private final long[] anyOf;
    private final int[][] dependentRequired;
    private final boolean hasIf;
    private final long ifRequired;
    private final long thenRequired;
    private final PlainEventScanner plain;

    private CompiledEventSchema(SchemaCompiler.Compiled compiled) {
        this.names = compiled.names();
        this.ids = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            ids.put(names.get(i), i);
        }
        this.rules = compiled.rules();
        this.ifRules = compiled.ifRules();
        this.required = compiled.required();
        this.additionalPropertiesAllowed = compiled.additionalPropertiesAllowed();
        this.anyOf = compiled.anyOf();
        this.dependentRequired = compiled.dependentRequired();
        this.hasIf = compiled.hasIf();
        this.ifRequired = compiled.ifRequired();
        this.thenRequired = compiled.thenRequired();
        this.plain = new PlainEventScanner(names, rules);
    }

    /** The bundled schema of {@code topic} (the resource {@link Topic#schemaResource()}), compiled once. */
    public static CompiledEventSchema bundled(Topic topic) {
        return Bundled.SCHEMAS.get(Objects.requireNonNull(topic, "topic"));
    }

    /**
     * Compiles a draft 2020-12 schema of an event (a JSON object).
     *
     * @throws IllegalArgumentException naming the keyword and where it is, for any keyword this reader
     *                                  cannot enforce (annotations such as description and format are ignored)
     */
    public static CompiledEventSchema compile(JsonNode schema) {
        return new CompiledEventSchema(SchemaCompiler.compile(Objects.requireNonNull(schema, "schema")));
    }

    /** The top-level properties in schema order; the index is the field id. */
    public List<String> fieldNames() {
        return names;
    }

    /** The field id of a top-level property, or -1. */
    public int field(String name) {
        Integer id = ids.get(name);
        return id == null ? -1 : id;
    }

    /**
     * The JSON type the schema declares for a field, as JSON Schema names it: {@code string},
     * {@code number}, {@code integer}, {@code boolean}, {@code object}, {@code array} or {@code null}.
     */
    public String fieldType(int field) {
        int kinds = rules[field].allowedKinds;
        for (int kind : new int[] {
            JsonKind.STRING, JsonKind.NUMBER, JsonKind.INTEGER, JsonKind.BOOLEAN, JsonKind.OBJECT, JsonKind.ARRAY
        }) {
            if ((kinds & (1 << kind)) != 0) {
                return JsonKind.name(kind);
            }
        }
        return JsonKind.name(JsonKind.NULL);
    }

    /** A reusable holder sized for this schema. */
    public EventFields newFields() {
        return new EventFields(names);
    }

    /**
     * Reads one event. Returns {@code List.of()} if it is valid (then {@code into} holds its values),
     * else its violations sorted by path then message. Never throws for bad input (any bytes, any size).
     */
    public List<Violation> read(byte[] json, int offset, int length, EventFields into) {
        Objects.checkFromIndexSize(offset, length, json.length);
        if (plain.read(json, offset, offset + length, into) && presenceHolds(into)) {
            return List.of();
        }
        return readThoroughly(json, offset, length, into);
    }

    /** Whether {@link #read} takes the fast way for this event (then {@code into} holds its values). */
    boolean readsPlainly(byte[] json, int offset, int length, EventFields into) {
        return plain.read(json, offset, offset + length, into) && presenceHolds(into);
    }

    /** {@link #read} without the fast way for plain events: the reference the tests compare it with. */
    List<Violation> readThoroughly(byte[] json, int offset, int length, EventFields into) {
        into.clear();
        List<Violation> unreadable = unreadableBytes(json, offset, length);
        if (unreadable != null) {
            return unreadable;
        }
        try (JsonParser p = JSON.createParser(json, offset, length)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return NO_CONTENT;
            }
            if (first != JsonToken.START_OBJECT) {
                JsonStructures.copy(p, first, null);
                requireEnd(p);
                return List.of(new Violation(
                        "$",
                        "must be an object, not " + JsonKind.withArticle(JsonKind.name(JsonKind.of(first)))
                                + " (not a JSON object)"));
            }
            List<Violation> violations = readFields(p, into);
            requireEnd(p);
            violations = checkPresence(into.present, violations);
            if (violations == null) {
                return List.of();
            }
            violations.sort(BY_PATH);
            return List.copyOf(violations);
        } catch (JacksonException e) {
            return notJson(e.getOriginalMessage());
        } catch (IOException e) {
            return notJson(e.getMessage());
        } catch (IllegalStateException e) {
            return notJson(e.getMessage()); // Jackson's symbol table refusing a flood of colliding names
        }
    }

    private List<Violation> readFields(JsonParser p, EventFields into) throws IOException {
        List<Violation> violations = null;
        boolean ifHolds = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Integer known = ids.get(name);
            if (known == null) {
                if (!into.unknownNames.add(name)) {
                    throw JsonStructures.duplicate(p, name);
                }
                if (!additionalPropertiesAllowed) {
                    violations = add(violations, new Violation(JsonPaths.field(name), UNKNOWN_FIELD));
                }
                JsonStructures.copy(p, p.nextToken(), null);
                continue;
            }
            int id = known;
            if ((into.present & (1L << id)) != 0) {
                throw JsonStructures.duplicate(p, name);
            }
            ValueRule rule = rules[id];
            int kind = readValue(p, p.nextToken(), id, rule, into);
            int failed = rule.check(into, id);
            if (failed != 0) {
                violations = violations == null ? new ArrayList<>() : violations;
                rule.describe(failed, kind, violations);
            }
            if (ifRules[id] != null && ifRules[id].check(into, id) != 0) {
                ifHolds = false;
            }
        }
        if (hasIf && ifHolds && (ifRequired & ~into.present) == 0) {
            violations = missing(thenRequired & ~into.present, MISSING_BY_CONDITION, violations);
        }
        return violations;
    }

    private static int readValue(JsonParser p, JsonToken token, int id, ValueRule rule, EventFields into)
            throws IOException {
        switch (token) {
            case VALUE_STRING -> into.setString(id, p.getText());
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    into.setNumber(id, JsonKind.INTEGER, p.getText(), p.getDoubleValue());
                } else {
                    into.setLong(id, p.getLongValue());
                }
            }
            case VALUE_NUMBER_FLOAT -> into.setNumber(id, JsonKind.NUMBER, p.getText(), p.getDoubleValue());
            case VALUE_TRUE -> into.setBoolean(id, true);
            case VALUE_FALSE -> into.setBoolean(id, false);
            case VALUE_NULL -> into.setNull(id);
            default -> {
                int kind = JsonKind.of(token);
                if (rule.admitsStructures()) {
                    into.jsonOut.reset();
                    try (JsonGenerator out = JSON.createGenerator(into.jsonOut)) {
                        JsonStructures.copy(p, token, out);
                    }
                    into.setStructure(id, kind, into.jsonOut.take());
                } else {
                    JsonStructures.copy(p, token, null);
                    into.setStructure(id, kind, null);
                }
            }
        }
        return into.kinds[id];
    }

    /** Whether the fields present satisfy required, dependentRequired, anyOf and if/then (the values are checked). */
    private boolean presenceHolds(EventFields fields) {
        long present = fields.present;
        if ((required & ~present) != 0) {
            return false;
        }
        for (int[] pair : dependentRequired) {
            if ((present & (1L << pair[0])) != 0 && (present & (1L << pair[1])) == 0) {
                return false;
            }
        }
        if (anyOf != null && noAlternativeHolds(present)) {
            return false;
        }
        if (hasIf && (ifRequired & ~present) == 0 && (thenRequired & ~present) != 0) {
            for (long bits = present; bits != 0; bits &= bits - 1) {
                int id = Long.numberOfTrailingZeros(bits);
                if (ifRules[id] != null && ifRules[id].check(fields, id) != 0) {
                    return true; // the condition fails: then does not apply
                }
            }
            return false;
        }
        return true;
    }

    private List<Violation> checkPresence(long present, List<Violation> violations) {
        violations = missing(required & ~present, MISSING, violations);
        for (int[] pair : dependentRequired) {
            if ((present & (1L << pair[0])) != 0 && (present & (1L << pair[1])) == 0) {
                violations = add(
                        violations,
                        new Violation(rules[pair[1]].path, "is required when " + names.get(pair[0]) + " is present"));
            }
        }
        if (anyOf != null && noAlternativeHolds(present)) {
            StringJoiner missingNames = new StringJoiner(", ");
            for (long alternative : anyOf) {
                forEachBit(alternative & ~present, id -> missingNames.add(names.get(id)));
            }
            violations = add(violations, new Violation("$", "must have at least one of: " + missingNames));
        }
        return violations;
    }

    private boolean noAlternativeHolds(long present) {
        for (long alternative : anyOf) {
            if ((alternative & ~present) == 0) {
                return false;
            }
        }
        return true;
    }

    private List<Violation> missing(long absent, String message, List<Violation> violations) {
        if (absent == 0) {
            return violations;
        }
        List<Violation> out = violations == null ? new ArrayList<>() : violations;
        forEachBit(absent, id -> out.add(new Violation(rules[id].path, message)));
        return out;
    }

    private static void forEachBit(long bits, java.util.function.IntConsumer action) {
        while (bits != 0) {
            int id = Long.numberOfTrailingZeros(bits);
            action.accept(id);
            bits &= bits - 1;
        }
    }

    private static List<Violation> add(List<Violation> violations, Violation violation) {
        List<Violation> out = violations == null ? new ArrayList<>() : violations;
        out.add(violation);
        return out;
    }

    private static void requireEnd(JsonParser p) throws IOException {
        JsonToken extra = p.nextToken();
        if (extra != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(
                    p, "Trailing token (of type " + extra + ") found after value");
        }
    }

    /** Bytes the parser would misread rather than refuse: other encodings (Jackson guesses UTF-16/32 from NULs and byte order marks) and malformed UTF-8. */
    private static List<Violation> unreadableBytes(byte[] json, int offset, int length) {
        for (int i = offset; i < offset + Math.min(length, 4); i++) {
            if (json[i] == 0) {
                return notJson("NUL byte at the start (not UTF-8 JSON text)");
            }
        }
        if (length >= 2 && (json[offset] & 0xFE) == 0xFE && (json[offset + 1] & 0xFE) == 0xFE) {
            return notJson("starts with a UTF-16 byte order mark (not UTF-8)");
        }
        if (length >= 3
                && (json[offset] & 0xFF) == 0xEF
                && (json[offset + 1] & 0xFF) == 0xBB
                && (json[offset + 2] & 0xFF) == 0xBF) {
            return notJson("Unexpected character ('\\uFEFF' (code 65279 / 0xfeff)): a byte order mark");
        }
        int malformed = Utf8.firstMalformed(json, offset, length);
        if (malformed >= 0) {
            return notJson("malformed UTF-8 at byte " + (malformed - offset));
        }
        return null;
    }

    private static List<Violation> notJson(String why) {
        return List.of(new Violation("$", NOT_JSON + why));
    }

    private static final class Bundled {
        static final Map<Topic, CompiledEventSchema> SCHEMAS = compileAll();

        private static Map<Topic, CompiledEventSchema> compileAll() {
            ObjectMapper mapper = new ObjectMapper();
            Map<Topic, CompiledEventSchema> schemas = new EnumMap<>(Topic.class);
            for (Topic topic : Topic.values()) {
                String resource = topic.schemaResource();
                try (InputStream in = CompiledEventSchema.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException(
                                "schema for topic " + topic.topicName() + " is not on the classpath: " + resource);
                    }
                    schemas.put(topic, compile(mapper.readTree(in)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read schema " + resource, e);
                }
            }
            return schemas;
        }
    }
}
