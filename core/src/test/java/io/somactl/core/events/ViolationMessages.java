package io.somactl.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Words the schema library's validation messages for a person: the path names the offending field
 * itself (also for a missing or unknown one) and the message says what is expected, e.g.
 * {@code $.input_tokens: must be >= 0}, {@code $.event_id: is required but missing}.
 */
final class ViolationMessages {

    private ViolationMessages() {}

    static List<Violation> toViolations(Collection<ValidationMessage> messages) {
        List<Violation> violations = new ArrayList<>(messages.size());
        // "at least one of" (anyOf of required) arrives as one "required" message per alternative
        Map<JsonNodePath, StringJoiner> oneOfMissing = new LinkedHashMap<>();
        for (ValidationMessage m : messages) {
            if ("required".equals(m.getType()) && m.getEvaluationPath().contains("anyOf")) {
                oneOfMissing
                        .computeIfAbsent(m.getInstanceLocation(), at -> new StringJoiner(", "))
                        .add(m.getProperty());
            } else {
                violations.add(toViolation(m));
            }
        }
        oneOfMissing.forEach(
                (at, names) -> violations.add(new Violation(at.toString(), "must have at least one of: " + names)));
        return violations;
    }

    private static Violation toViolation(ValidationMessage m) {
        JsonNodePath at = m.getInstanceLocation();
        Object[] args = m.getArguments();
        return switch (m.getType()) {
            case "required" ->
                new Violation(
                        at.append(m.getProperty()).toString(),
                        m.getEvaluationPath().contains("then")
                                ? "is required but missing (required by the value of another field)"
                                : "is required but missing");
            case "additionalProperties" ->
                new Violation(
                        at.append(m.getProperty()).toString(),
                        "is not a field of this event (misspelt, or not in the topic's schema)");
            case "dependentRequired" ->
                new Violation(
                        at.append(String.valueOf(args[0])).toString(), "is required when " + args[1] + " is present");
            case "minimum" -> new Violation(at.toString(), "must be >= " + args[0]);
            case "maximum" -> new Violation(at.toString(), "must be <= " + args[0]);
            case "exclusiveMinimum" -> new Violation(at.toString(), "must be > " + args[0]);
            case "exclusiveMaximum" -> new Violation(at.toString(), "must be < " + args[0]);
            case "type" -> new Violation(at.toString(), "must be " + article(args[1]) + ", not " + article(args[0]));
            case "enum" -> new Violation(at.toString(), "must be one of: " + listed(m.getSchemaNode()));
            case "const" -> new Violation(at.toString(), "must be " + m.getSchemaNode());
            case "pattern" -> new Violation(at.toString(), "does not match the pattern " + args[0]);
            default -> new Violation(at.toString(), m.getError());
        };
    }

    private static String article(Object jsonType) {
        String type = String.valueOf(jsonType);
        if ("null".equals(type)) {
            return type;
        }
        return ("integer".equals(type) || "object".equals(type) || "array".equals(type) ? "an " : "a ") + type;
    }

    private static String listed(JsonNode values) {
        StringJoiner joined = new StringJoiner(", ");
        values.forEach(value -> joined.add(value.isTextual() ? value.textValue() : value.toString()));
        return joined.toString();
    }
}
