package io.somactl.core.events;

import com.fasterxml.jackson.core.JsonToken;

/** The JSON type of one value as JSON Schema's {@code type} keyword names it, as small ints for bitmasks. */
final class JsonKind {

    static final int NONE = 0;
    static final int OBJECT = 1;
    static final int ARRAY = 2;
    static final int STRING = 3;
    /** A number written without fraction or exponent (whatever its size). */
    static final int INTEGER = 4;
    /** A number written with a fraction or an exponent, e.g. {@code 1.5}, {@code 1.0}, {@code 1e2}. */
    static final int NUMBER = 5;

    static final int BOOLEAN = 6;
    static final int NULL = 7;

    private static final String[] NAMES = {"none", "object", "array", "string", "integer", "number", "boolean", "null"};

    private JsonKind() {}

    static int of(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> OBJECT;
            case START_ARRAY -> ARRAY;
            case VALUE_STRING -> STRING;
            case VALUE_NUMBER_INT -> INTEGER;
            case VALUE_NUMBER_FLOAT -> NUMBER;
            case VALUE_TRUE, VALUE_FALSE -> BOOLEAN;
            case VALUE_NULL -> NULL;
            default -> NONE;
        };
    }

    static String name(int kind) {
        return NAMES[kind];
    }

    /** The kind for a JSON Schema type name, or -1 if it is not one. */
    static int byName(String name) {
        for (int kind = OBJECT; kind < NAMES.length; kind++) {
            if (NAMES[kind].equals(name)) {
                return kind;
            }
        }
        return -1;
    }

    static boolean isNumeric(int kind) {
        return kind == INTEGER || kind == NUMBER;
    }

    /** "an integer", "a string", "null": how violation messages name a type. */
    static String withArticle(String typeName) {
        if ("null".equals(typeName)) {
            return typeName;
        }
        return ("integer".equals(typeName) || "object".equals(typeName) || "array".equals(typeName) ? "an " : "a ")
                + typeName;
    }
}
