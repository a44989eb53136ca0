package io.somactl.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * One value of a {@code const} or {@code enum}, compared as JSON Schema compares JSON values: strings
 * by their characters, numbers by their exact value whatever the notation ({@code 1}, {@code 1.0} and
 * {@code 1e0} are equal; {@code 1.00000000000000000001} is not 1), booleans and null by themselves.
 */
final class JsonConstant {

    private final int kind; // STRING, NUMBER (any number), BOOLEAN or NULL
    private final String text;
    private final BigDecimal number;
    private final double numberAsDouble;
    private final boolean bool;
    private final boolean numberIsLong;
    private final long numberAsLong;

    private JsonConstant(int kind, String text, BigDecimal number, boolean bool) {
        this.kind = kind;
        this.text = text;
        this.number = number;
        this.numberAsDouble = number == null ? 0 : number.doubleValue();
        this.bool = bool;
        long asLong = 0;
        boolean isLong = false;
        if (number != null) {
            try {
                asLong = number.longValueExact();
                isLong = true;
            } catch (ArithmeticException notALong) {
                // compared as BigDecimal
            }
        }
        this.numberIsLong = isLong;
        this.numberAsLong = asLong;
    }

    /** The constant for a scalar schema value; throws IllegalArgumentException for an object or array. */
    static JsonConstant of(JsonNode value, String where) {
        if (value.isTextual()) {
            return new JsonConstant(JsonKind.STRING, value.textValue(), null, false);
        }
        if (value.isNumber()) {
            return new JsonConstant(JsonKind.NUMBER, null, value.decimalValue(), false);
        }
        if (value.isBoolean()) {
            return new JsonConstant(JsonKind.BOOLEAN, null, null, value.booleanValue());
        }
        if (value.isNull()) {
            return new JsonConstant(JsonKind.NULL, null, null, false);
        }
        throw new IllegalArgumentException(
                where + ": a const/enum value that is an object or array is not supported: " + value);
    }

    boolean matches(EventFields fields, int id, int valueKind) {
        return switch (valueKind) {
            case JsonKind.STRING -> kind == JsonKind.STRING && text.equals(fields.textAt(id));
            case JsonKind.INTEGER, JsonKind.NUMBER -> kind == JsonKind.NUMBER && equalsNumber(fields, id);
            case JsonKind.BOOLEAN -> kind == JsonKind.BOOLEAN && bool == (fields.longs[id] != 0);
            case JsonKind.NULL -> kind == JsonKind.NULL;
            default -> false;
        };
    }

    private boolean equalsNumber(EventFields fields, int id) {
        if (fields.hasExactLong(id)) {
            long value = fields.longs[id];
            return numberIsLong
                    ? value == numberAsLong
                    : BigDecimal.valueOf(value).compareTo(number) == 0;
        }
        // an exact match has the constant's double; most values differ already there
        return fields.doubles[id] == numberAsDouble
                && ExactNumbers.comparable(fields.textAt(id)).compareTo(number) == 0;
    }
}
