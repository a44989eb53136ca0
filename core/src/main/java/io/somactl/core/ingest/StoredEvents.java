package io.somactl.core.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.somactl.core.SomactlException;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import io.somactl.core.clickhouse.TabSeparatedReader;
import io.somactl.core.events.CompiledEventSchema;
import io.somactl.core.events.Topic;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.pricing.UsageConvention;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Events read back from ClickHouse: the rows of one topic's table in an event-time range, turned
 * into events of the topic's JSON contract ({@code schemas/}): one key per schema field that the row
 * has (NULL columns are fields the producer left out), {@code ts} from {@code ts} and {@code ts_ms},
 * booleans from {@code UInt8}, free-form objects from their stored JSON text. Token columns are
 * stored billed (see {@code schemas/README.md}); the event gets its provider's counts back by the
 * model's usage convention in the catalog: an {@code openai} event's {@code input_tokens} is the
 * stored input plus the cached read and write tokens, its {@code output_tokens} the stored output
 * plus the reasoning tokens. So a replay of such an event prices and stores the same row again.
 * Rows come in order of time, tenant and event id: the same range gives the same events.
 */
final class StoredEvents {
    /** Receives each event's JSON. */
    @FunctionalInterface
    interface Sink {
        void accept(Topic topic, byte[] json) throws IOException;
    }

    private static final java.time.format.DateTimeFormatter TS = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final ClickHouse clickHouse;
    private final Pricer pricer;

    StoredEvents(ClickHouse clickHouse, Pricer pricer) {
        this.clickHouse = clickHouse;
        this.pricer = pricer;
    }

    /** The query that reads one topic's rows of {@code [from, to)} (millisecond event times). */
    static String sql(String database, Topic topic, long fromMillis, long toMillis) {
        CompiledEventSchema schema = CompiledEventSchema.bundled(topic);
        List<String> select = new ArrayList<>();
        for (String field : schema.fieldNames()) {
            select.add(
                    switch (field) {
                        case "event_id" -> "toString(event_id)";
                        case "ts" -> "toUInt64(toUnixTimestamp(ts)) * 1000 + ts_ms";
                        default -> Sql.identifier(field);
                    });
        }
        String millis = "toUInt64(toUnixTimestamp(ts)) * 1000 + ts_ms";
        return "SELECT " + String.join(", ", select) + " FROM " + Sql.table(database, topic.table())
                + " WHERE ts >= toDateTime(" + Math.floorDiv(fromMillis, 1000) + ") AND ts <= toDateTime("
                + Math.floorDiv(toMillis, 1000) + ") AND " + millis + " >= " + fromMillis + " AND " + millis + " < "
                + toMillis
                + " ORDER BY ts, ts_ms, tenant, event_id";
    }

    /** Reads the topic's rows of {@code [from, to)} and hands each, as an event, to the sink; returns how many. */
    long read(Topic topic, Instant from, Instant to, Sink sink) {
        CompiledEventSchema schema = CompiledEventSchema.bundled(topic);
        List<String> names = schema.fieldNames();
        String[] types = new String[names.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = schema.fieldType(i);
        }
        Tokens tokens = Tokens.of(topic, names);
        return clickHouse.selectStream(
                sql(clickHouse.database(), topic, from.toEpochMilli(), to.toEpochMilli()), "TabSeparated", body -> {
                    TabSeparatedReader reader = new TabSeparatedReader(body, names.size());
                    StringBuilder json = new StringBuilder(512);
                    for (List<String> row = reader.next(); row != null; row = reader.next()) {
                        tokens.restore(row, pricer);
                        json.setLength(0);
                        json.append('{');
                        for (int i = 0; i < types.length; i++) {
                            String value = row.get(i);
                            if (value == null) {
                                continue;
                            }
                            if (json.length() > 1) {
                                json.append(',');
                            }
                            json.append('"').append(names.get(i)).append("\":");
                            value(json, names.get(i), types[i], value);
                        }
                        json.append('}');
                        sink.accept(topic, json.toString().getBytes(StandardCharsets.UTF_8));
                    }
                    return reader.rows();
                });
    }

    private static void value(StringBuilder json, String name, String type, String value) {
        if (name.equals("ts")) {
            json.append('"')
                    .append(TS.format(Instant.ofEpochMilli(Long.parseLong(value))))
                    .append('"');
            return;
        }
        switch (type) {
            case "string" -> {
                json.append('"');
                JsonStringEncoder.getInstance().quoteAsString(value, json);
                json.append('"');
            }
            case "boolean" -> json.append(value.equals("0") ? "false" : "true");
            default ->
                json.append(value); // numbers as ClickHouse writes them (shortest round trip); objects as stored JSON
        }
    }

    /** Where a topic's token fields are, to give an event its provider's counts back. */
    private record Tokens(int model, int input, int cachedRead, int cachedWrite, int output, int reasoning, int ts) {
        static Tokens of(Topic topic, List<String> names) {
            String model = switch (topic) {
                case SLM_METRICS -> "model_id";
                case ESCALATION_METRICS -> "oss_model_id";
                default -> null;
            };
            return new Tokens(
                    model == null ? -1 : names.indexOf(model),
                    names.indexOf("input_tokens"),
                    names.indexOf("cached_input_read_tokens"),
                    names.indexOf("cached_input_write_tokens"),
                    names.indexOf("output_tokens"),
                    names.indexOf("reasoning_tokens"),
                    names.indexOf("ts"));
        }

        void restore(List<String> row, Pricer pricer) {
            if (model < 0) {
                return;
            }
            UsageConvention convention;
            try {
                convention = pricer.convention(row.get(model), Instant.ofEpochMilli(Long.parseLong(row.get(ts))));
            } catch (RuntimeException e) {
                throw new SomactlException("cannot tell how model '" + row.get(model) + "' counts its tokens: "
                        + e.getMessage() + " (archive with the catalog the rows were priced with: --pricing FILE)");
            }
            if (convention.cacheInsideInput()) {
                row.set(
                        input,
                        Long.toString(
                                Long.parseLong(row.get(input)) + orZero(row, cachedRead) + orZero(row, cachedWrite)));
            }
            if (convention.reasoningInsideOutput()) {
                row.set(output, Long.toString(Long.parseLong(row.get(output)) + orZero(row, reasoning)));
            }
        }

        private static long orZero(List<String> row, int field) {
            return field < 0 || row.get(field) == null ? 0 : Long.parseLong(row.get(field));
        }
    }
}
