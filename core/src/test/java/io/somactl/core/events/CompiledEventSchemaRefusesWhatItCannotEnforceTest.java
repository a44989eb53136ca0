package io.somactl.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A schema keyword the compiled reader cannot enforce is refused when compiling, never silently skipped. */
class CompiledEventSchemaRefusesWhatItCannotEnforceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "oneOf at the top      | {\"type\":\"object\",\"properties\":{},\"oneOf\":[{\"required\":[]}]}              | oneOf",
                "$ref in a property    | {\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/x\"}}}            | $ref",
                "items in a property   | {\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"items\":{}}}}    | items",
                "patternProperties     | {\"type\":\"object\",\"properties\":{},\"patternProperties\":{\"^x\":{}}}         | patternProperties",
                "multipleOf            | {\"type\":\"object\",\"properties\":{\"a\":{\"multipleOf\":2}}}                    | multipleOf",
                "else                  | {\"type\":\"object\",\"properties\":{\"a\":{}},\"if\":{\"required\":[\"a\"]},\"then\":{},\"else\":{}} | else",
                "nested properties     | {\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\",\"properties\":{}}}} | properties",
            })
    void unsupportedKeywordIsRefusedNamingIt(String what, String schema, String keyword) throws Exception {
        JsonNode node = JSON.readTree(schema);

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CompiledEventSchema.compile(node),
                () -> "a schema with " + what + " should be refused, not half checked");
        assertTrue(e.getMessage().contains(keyword), () -> "the error should name " + keyword + ": " + e.getMessage());
    }

    @Test
    void annotationKeywordsAreIgnored() throws Exception {
        JsonNode schema = JSON.readTree("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"x","title":"t","description":"d",
                 "$comment":"c","type":"object","examples":[{}],
                 "properties":{"ts":{"type":"string","format":"date-time","description":"d","examples":["x"]}}}""");

        CompiledEventSchema compiled = CompiledEventSchema.compile(schema);

        assertEquals(List.of("ts"), compiled.fieldNames());
        byte[] event = "{\"ts\":\"not a date\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                List.of(),
                compiled.read(event, 0, event.length, compiled.newFields()),
                "format is an annotation (format assertions are off), so it must not reject anything");
    }

    @Test
    void fieldIdsFollowTheSchemasOrder() {
        CompiledEventSchema slm = CompiledEventSchema.bundled(Topic.SLM_METRICS);

        assertEquals("event_id", slm.fieldNames().get(0));
        assertEquals(0, slm.field("event_id"));
        assertEquals(-1, slm.field("no_such_field"));
    }

    @Test
    void nullTypeIsPresentAndTellsItIsNull() throws Exception {
        JsonNode schema = JSON.readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"null\"}}}");
        CompiledEventSchema compiled = CompiledEventSchema.compile(schema);
        EventFields fields = compiled.newFields();
        byte[] event = "{\"a\":null}".getBytes(StandardCharsets.UTF_8);

        assertEquals(List.of(), compiled.read(event, 0, event.length, fields));
        assertTrue(fields.has(0) && fields.isNull(0), "a null value is present and null");
    }
}
