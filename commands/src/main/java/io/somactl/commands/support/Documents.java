package io.somactl.commands.support;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** One structured answer (an object, not rows) as JSON or YAML, with exact decimals. */
public final class Documents {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private static final ObjectMapper READER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    private static final ObjectMapper COMPACT_JSON =
            new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private Documents() {}

    /** The document as {@code -o json} prints it, on one line (no indentation): for answers machines read, such as the server's. */
    public static String compactJson(Object document) {
        try {
            return COMPACT_JSON.writeValueAsString(document) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A document a command already holds as JSON text (e.g. what it stores in Redis): as that text for
     * {@code json}, byte for byte; for {@code yaml} the same tree, decimals exact.
     */
    public static void renderJson(String json, OutputFormat format, PrintWriter out) {
        if (format == OutputFormat.json) {
            out.println(json);
            out.flush();
            return;
        }
        try {
            render(READER.readTree(json), format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void render(Object document, OutputFormat format, PrintWriter out) {
        try {
            out.println((format == OutputFormat.yaml ? YAML : JSON)
                    .writeValueAsString(document)
                    .stripTrailing());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
