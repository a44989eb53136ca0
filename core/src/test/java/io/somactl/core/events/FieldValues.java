package io.somactl.core.events;

import com.fasterxml.jackson.databind.JsonNode;

/** Compares what an {@link EventFields} holds with the JSON tree of the same event. */
final class FieldValues {

    private FieldValues() {}

    /** Where the fields differ from the tree (read with doubles, and with BigDecimals for {@code exact}), or null. */
    static String difference(CompiledEventSchema schema, EventFields fields, JsonNode tree, JsonNode exact) {
        for (String name : schema.fieldNames()) {
            int id = schema.field(name);
            JsonNode node = tree.get(name);
            if (node == null) {
                if (fields.has(id)) {
                    return name + " is absent but has() says present";
                }
                continue;
            }
            if (!fields.has(id)) {
                return name + " is present but has() says absent";
            }
            String problem = valueDifference(fields, id, node, exact == null ? null : exact.get(name));
            if (problem != null) {
                return name + ": " + problem;
            }
        }
        return null;
    }

    private static String valueDifference(EventFields fields, int id, JsonNode node, JsonNode exactNode) {
        if (node.isNull()) {
            return fields.isNull(id) ? null : "isNull() is false for null";
        }
        if (node.isTextual()) {
            return node.textValue().equals(fields.text(id))
                    ? null
                    : "text " + fields.text(id) + " != " + node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue() == fields.bool(id) ? null : "bool differs";
        }
        if (node.isContainerNode()) {
            return node.toString().equals(fields.json(id)) ? null : "json " + fields.json(id) + " != " + node;
        }
        if (Double.compare(node.doubleValue(), fields.doubleValue(id)) != 0) {
            return "doubleValue " + fields.doubleValue(id) + " != " + node.doubleValue();
        }
        if (exactNode == null) {
            return null; // beyond BigDecimal: nothing exact to compare with
        }
        if (exactNode.decimalValue().compareTo(fields.decimal(id)) != 0) {
            return "decimal " + fields.decimal(id) + " != " + exactNode.decimalValue();
        }
        boolean fitsLong = exactNode.isIntegralNumber()
                ? exactNode.canConvertToLong()
                : exactNode.decimalValue().stripTrailingZeros().scale() <= 0 && exactNode.canConvertToLong();
        if (fitsLong) {
            long expected = exactNode.decimalValue().longValueExact();
            return expected == fields.longValue(id) ? null : "longValue " + fields.longValue(id) + " != " + expected;
        }
        try {
            fields.longValue(id);
            return "longValue() should throw for " + exactNode;
        } catch (ArithmeticException expected) {
            return null;
        }
    }
}
