package io.somactl.core.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What {@link CompiledEventSchema#read} must answer for some bytes: the schema library's answer
 * (networknt through {@link NetworkntReferenceValidator}, the reference) adjusted by exactly the documented
 * divergences of {@link CompiledEventSchema}, each computed here independently:
 * <ul>
 *   <li>bytes that are not UTF-8 are not valid JSON;</li>
 *   <li>the violations of a top-level number written with a fraction or exponent come from an exact
 *       (BigDecimal) reading of the schema, not from networknt's doubles;</li>
 *   <li>a non-object top-level value also says "(not a JSON object)";</li>
 *   <li>a field with an empty name (networknt throws) is reported at {@code $['']}.</li>
 * </ul>
 * A "not valid JSON" violation is compared by its prefix only (the parser's wording may differ).
 */
final class ReferenceVerdict {

    static final String NOT_JSON = "not valid JSON:";
    private static final NetworkntReferenceValidator REFERENCE = NetworkntReferenceValidator.loadBundled();
    private static final ObjectMapper EXACT =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Comparator<Violation> BY_PATH =
            Comparator.comparing(Violation::path).thenComparing(Violation::message);

    private ReferenceVerdict() {}

    /** The violations read() must give for these bytes; a "not valid JSON" one stands for any such message. */
    static List<Violation> expected(Topic topic, byte[] bytes) {
        String text = strictUtf8(bytes);
        if (text == null) {
            return List.of(new Violation("$", NOT_JSON));
        }
        List<Violation> reference;
        try {
            reference = REFERENCE.validate(topic, text);
        } catch (NumberFormatException networkntThrew) { // "Infinite or NaN": it converts 1e400 to BigDecimal
            reference = REFERENCE.validate(topic, withoutTopLevelDecimals(text));
        } catch (IllegalArgumentException networkntThrew) { // "A JSONPath selector cannot be empty"
            reference = REFERENCE.validate(topic, renameEmptyField(text));
            reference = reference.stream()
                    .map(v -> v.path().equals("$['\\u0001']") ? new Violation("$['']", v.message()) : v)
                    .sorted(BY_PATH)
                    .toList();
        }
        if (reference.size() == 1 && reference.get(0).message().startsWith(NOT_JSON)) {
            return List.of(new Violation("$", NOT_JSON));
        }
        if (reference.size() == 1
                && reference.get(0).path().equals("$")
                && reference.get(0).message().startsWith("must be an object, not")) {
            return List.of(new Violation("$", reference.get(0).message() + " (not a JSON object)"));
        }
        return withExactNumbers(topic, text, reference);
    }

    static boolean sameVerdict(List<Violation> expected, List<Violation> actual) {
        if (expected.size() == 1 && expected.get(0).message().equals(NOT_JSON)) {
            return actual.size() == 1
                    && actual.get(0).path().equals("$")
                    && actual.get(0).message().startsWith(NOT_JSON + " ");
        }
        return expected.equals(actual);
    }

    private static String renameEmptyField(String text) {
        return text.replace("\"\":", "\"\\u0001\":");
    }

    static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static List<Violation> withExactNumbers(Topic topic, String text, List<Violation> reference) {
        JsonNode properties =
                ContractFiles.readJson(ContractFiles.schemaFile(topic)).get("properties");
        List<Violation> adjusted = new ArrayList<>(reference);
        topLevelDecimals(text).forEach((name, number) -> {
            JsonNode spec = properties.get(name);
            if (spec != null) {
                String path = "$." + name;
                adjusted.removeIf(v -> v.path().equals(path));
                adjusted.addAll(exactViolations(path, spec, number));
            }
        });
        adjusted.sort(BY_PATH);
        return adjusted;
    }

    /** The top-level numbers written with a fraction or exponent, by name, exactly. */
    private static Map<String, BigDecimal> topLevelDecimals(String text) {
        Map<String, BigDecimal> numbers = new java.util.LinkedHashMap<>();
        try (JsonParser p = EXACT.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return numbers;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                    numbers.put(name, exactOrClamped(p.getText()));
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return numbers;
        }
        return numbers;
    }

    /** The value; for an exponent beyond BigDecimal (1e-9999999999) one far enough out to compare the same with any bound. */
    private static BigDecimal exactOrClamped(String number) {
        try {
            return new BigDecimal(number);
        } catch (NumberFormatException e) {
            int exponentAt = Math.max(number.indexOf('e'), number.indexOf('E'));
            boolean tiny = number.charAt(exponentAt + 1) == '-';
            return new BigDecimal(number.substring(0, exponentAt)).scaleByPowerOfTen(tiny ? -100_000 : 100_000);
        }
    }

    private static String withoutTopLevelDecimals(String text) {
        try {
            ObjectNode event = (ObjectNode) EXACT.readTree(text);
            topLevelDecimals(text).keySet().forEach(name -> event.put(name, "(a number networknt cannot take)"));
            return event.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON Schema's verdict on a number written with a fraction or exponent, by the book. */
    private static List<Violation> exactViolations(String path, JsonNode spec, BigDecimal x) {
        List<Violation> out = new ArrayList<>();
        String type = spec.path("type").asText("");
        boolean integral = x.signum() == 0 || x.stripTrailingZeros().scale() <= 0;
        if (!type.isEmpty() && !type.equals("number") && !(type.equals("integer") && integral)) {
            out.add(new Violation(path, "must be " + JsonKind.withArticle(type) + ", not a number"));
        }
        if (spec.has("minimum") && x.compareTo(spec.get("minimum").decimalValue()) < 0) {
            out.add(new Violation(path, "must be >= " + spec.get("minimum").asText()));
        }
        if (spec.has("maximum") && x.compareTo(spec.get("maximum").decimalValue()) > 0) {
            out.add(new Violation(path, "must be <= " + spec.get("maximum").asText()));
        }
        if (spec.has("const")
                && !(spec.get("const").isNumber()
                        && x.compareTo(spec.get("const").decimalValue()) == 0)) {
            out.add(new Violation(path, "must be " + spec.get("const")));
        }
        if (spec.has("enum")) {
            boolean listed = false;
            List<String> names = new ArrayList<>();
            for (JsonNode value : spec.get("enum")) {
                listed |= value.isNumber() && x.compareTo(value.decimalValue()) == 0;
                names.add(value.isTextual() ? value.textValue() : value.toString());
            }
            if (!listed) {
                out.add(new Violation(path, "must be one of: " + String.join(", ", names)));
            }
        }
        return out;
    }
}
