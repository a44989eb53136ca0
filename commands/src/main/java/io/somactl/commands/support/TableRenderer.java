package io.somactl.commands.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a {@link Table}: borderless aligned text with UPPERCASE headers that awk can split, JSON
 * and YAML as arrays of objects with stable key order, CSV per RFC 4180 with a header.
 */
public final class TableRenderer {
    // Money is exact: decimals keep their scale and are never written in exponent form.
    private static final ObjectMapper JSON =
            exactDecimals(new ObjectMapper()).enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = exactDecimals(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)));

    private static ObjectMapper exactDecimals(ObjectMapper mapper) {
        mapper.setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
        mapper.enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        return mapper;
    }

    private TableRenderer() {}

    public static void render(Table table, OutputFormat format, PrintWriter out) {
        render(table, format, out, false);
    }

    /** {@code colours}: whether the table may colour its cells' tones (see {@link Colours#enabled}); other formats never do. */
    public static void render(Table table, OutputFormat format, PrintWriter out, boolean colours) {
        switch (format) {
            case table -> text(table, out, colours);
            case json -> structured(JSON, table, out);
            case yaml -> structured(YAML, table, out);
            case csv -> csv(table, out);
        }
        out.flush();
    }

    private static void text(Table table, PrintWriter out, boolean colours) {
        List<List<String>> lines = new ArrayList<>();
        List<List<Cell.Tone>> tones = new ArrayList<>();
        lines.add(table.headers());
        tones.add(null);
        for (List<Object> row : table.rows()) {
            List<Cell> cells = row.stream().map(Cell::wrap).toList();
            lines.add(cells.stream().map(c -> cell(c.text())).toList());
            tones.add(cells.stream().map(Cell::tone).toList());
        }
        int[] widths = new int[table.columns().size()];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(
                        widths[i], line.get(i).codePointCount(0, line.get(i).length()));
            }
        }
        for (int l = 0; l < lines.size(); l++) {
            List<String> line = lines.get(l);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                String value = line.get(i);
                text.append(
                        colours && tones.get(l) != null
                                ? Colours.paint(value, tones.get(l).get(i))
                                : value);
                if (i < line.size() - 1) {
                    text.append(" ".repeat(widths[i] - value.codePointCount(0, value.length()) + 2));
                }
            }
            out.println(text.toString().stripTrailing());
        }
    }

    /** A value as one cell: control characters shown escaped, so data can never drive the terminal. */
    static String cell(Object value) {
        if (value == null) {
            return "-";
        }
        String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        if (text.isEmpty()) {
            return "-";
        }
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                safe.append(String.format("\\u%04x", cp));
            } else {
                safe.appendCodePoint(cp);
            }
        });
        return safe.toString();
    }

    private static void structured(ObjectMapper mapper, Table table, PrintWriter out) {
        ArrayNode array = mapper.createArrayNode();
        for (List<Object> row : table.rows()) {
            ObjectNode object = array.addObject();
            for (int i = 0; i < row.size(); i++) {
                object.set(
                        table.columns().get(i),
                        mapper.valueToTree(Cell.wrap(row.get(i)).json()));
            }
        }
        try {
            out.println(mapper.writeValueAsString(array).stripTrailing());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void csv(Table table, PrintWriter out) {
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader(table.columns().toArray(String[]::new))
                .build();
        try {
            CSVPrinter printer = new CSVPrinter(out, format);
            for (List<Object> row : table.rows()) {
                printer.printRecord(row.stream()
                        .map(v -> Cell.wrap(v).csv())
                        .map(v -> v instanceof BigDecimal d ? d.toPlainString() : v)
                        .toList());
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
