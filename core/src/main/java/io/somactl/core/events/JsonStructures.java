package io.somactl.core.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a nested value (the parser on its first token) to its end, refusing duplicate keys at any
 * depth, and optionally copies it to a generator the way {@code JsonNode.toString()} would print it:
 * integers as int/long/BigInteger, other numbers as doubles (the tree Jackson builds by default).
 */
final class JsonStructures {

    private JsonStructures() {}

    /** Reads the value starting at {@code token}; writes it to {@code out} unless that is null. */
    static void copy(JsonParser p, JsonToken token, JsonGenerator out) throws IOException {
        switch (token) {
            case START_OBJECT -> copyObject(p, out);
            case START_ARRAY -> {
                if (out != null) {
                    out.writeStartArray();
                }
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    copy(p, t, out);
                }
                if (out != null) {
                    out.writeEndArray();
                }
            }
            case VALUE_STRING -> {
                if (out != null) {
                    out.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                }
            }
            case VALUE_NUMBER_INT -> {
                if (out != null) {
                    switch (p.getNumberType()) {
                        case INT -> out.writeNumber(p.getIntValue());
                        case LONG -> out.writeNumber(p.getLongValue());
                        default -> out.writeNumber(p.getBigIntegerValue());
                    }
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                if (out != null) {
                    out.writeNumber(p.getDoubleValue());
                }
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                if (out != null) {
                    out.writeBoolean(token == JsonToken.VALUE_TRUE);
                }
            }
            case VALUE_NULL -> {
                if (out != null) {
                    out.writeNull();
                }
            }
            default -> throw new JsonParseException(p, "Unexpected token " + token);
        }
    }

    private static void copyObject(JsonParser p, JsonGenerator out) throws IOException {
        if (out != null) {
            out.writeStartObject();
        }
        String first = null;
        Set<String> names = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (first == null) {
                first = name;
            } else {
                if (names == null) {
                    names = new HashSet<>();
                    names.add(first);
                }
                if (!names.add(name)) {
                    throw duplicate(p, name);
                }
            }
            if (out != null) {
                out.writeFieldName(name);
            }
            copy(p, p.nextToken(), out);
        }
        if (out != null) {
            out.writeEndObject();
        }
    }

    /** The error Jackson's own duplicate detection gives. */
    static JsonParseException duplicate(JsonParser p, String name) {
        return new JsonParseException(p, "Duplicate field '" + name + "'");
    }
}
