package io.somactl.core.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes one ClickHouse row as a JSONEachRow line: the event's fields under their own names, with
 * {@code ts} split into {@code ts} (unix seconds) and {@code ts_ms}, objects as JSON text, booleans
 * as 0/1, then the cost columns (plain decimal numbers: 18.16 refuses quoted decimals) and where
 * the row came from in Kafka.
 */
final class RowWriter {
    private final JsonFactory factory;

    RowWriter(ObjectMapper mapper) {
        this.factory = mapper.getFactory();
    }

    void write(OutputStream out, JsonNode event, Instant ts, PricedEvent priced, String topic, int partition,
               long offset, long ingestedAtSeconds) {
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);
            g.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> fields = event.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                writeField(g, field.getKey(), field.getValue(), ts);
            }
            for (int i = 0; i < priced.costColumns().size(); i++) {
                BigDecimal cost = priced.costs().get(i);
                g.writeFieldName(priced.costColumns().get(i));
                g.writeNumber(cost);
            }
            if (priced.pricingVersion() != null) {
                g.writeStringField("pricing_version", priced.pricingVersion());
            }
            g.writeStringField("_topic", topic);
            g.writeNumberField("_partition", partition);
            g.writeNumberField("_offset", offset);
            g.writeNumberField("_ingested_at", ingestedAtSeconds);
            g.writeEndObject();
            g.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeField(JsonGenerator g, String name, JsonNode value, Instant ts) throws IOException {
        if (name.equals("ts")) {
            g.writeNumberField("ts", ts.getEpochSecond());
            g.writeNumberField("ts_ms", ts.getNano() / 1_000_000);
        } else if (value.isContainerNode()) {
            g.writeStringField(name, value.toString());
        } else if (value.isBoolean()) {
            g.writeNumberField(name, value.booleanValue() ? 1 : 0);
        } else {
            g.writeFieldName(name);
            writeScalar(g, value);
        }
    }

    /** Scalars written by kind: the generic tree serializer costs several times more per value. */
    private static void writeScalar(JsonGenerator g, JsonNode value) throws IOException {
        if (value.isTextual()) {
            g.writeString(value.textValue());
        } else if (value.isIntegralNumber()) {
            if (value.canConvertToLong()) {
                g.writeNumber(value.longValue());
            } else {
                g.writeNumber(value.bigIntegerValue());
            }
        } else if (value.isBigDecimal()) {
            g.writeNumber(value.decimalValue());
        } else if (value.isNumber()) {
            g.writeNumber(value.doubleValue());
        } else if (value.isNull()) {
            g.writeNull();
        } else {
            g.writeTree(value);
        }
    }
}
