package io.somactl.core.ingest;

import io.somactl.core.clickhouse.block.NativeBlock;
import io.somactl.core.clickhouse.block.NativeColumn;
import io.somactl.core.clickhouse.block.NativeColumns;
import io.somactl.core.events.CompiledEventSchema;
import io.somactl.core.events.EventFields;
import io.somactl.core.events.Topic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Appends one event's row to its table's Native block: the event's fields under their own names
 * ({@code ts} as the DateTime {@code ts} plus {@code ts_ms}, booleans as 0/1, objects as JSON text),
 * the cost columns and pricing version, and where the row came from in Kafka. Which column gets
 * what is decided once, from the table as ClickHouse describes it; a table and schema that do not
 * fit each other stop ingest before it reads anything.
 */
final class RowEncoder {
    private final TableLayout layout;
    private final List<TableLayout.Column> written = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    private final Row row = new Row();

    RowEncoder(Topic topic, TableLayout layout, CompiledEventSchema schema, List<String> costColumns) {
        this.layout = layout;
        Set<String> fieldsWithoutColumn = new HashSet<>(schema.fieldNames());
        for (TableLayout.Column column : layout.columns()) {
            Source source = sourceOf(column.name(), schema, costColumns);
            fieldsWithoutColumn.remove(column.name());
            if (source == null) {
                if (column.hasDefaultExpression()) {
                    continue; // ClickHouse fills it
                }
                throw new IllegalStateException("table " + layout.table() + " has a column " + column.name()
                        + " that is neither a field of " + topic.topicName() + " nor one ingest fills;"
                        + " is the database's schema newer than this somactl?");
            }
            NativeColumns.of(column.name(), column.type()); // refuses a type it cannot write, now rather than mid-batch
            written.add(column);
            sources.add(source);
        }
        if (!fieldsWithoutColumn.isEmpty()) {
            throw new IllegalStateException("table " + layout.table() + " has no column for the " + topic.topicName()
                    + " fields " + fieldsWithoutColumn.stream().sorted().toList() + "; run somactl schema apply");
        }
    }

    NativeBlock newBlock() {
        return layout.newBlock(written);
    }

    /**
     * Appends the row, or refuses it whole with a {@link io.somactl.core.clickhouse.block.ColumnValueException}
     * (a value its column cannot hold), leaving the block as it was.
     */
    void append(
            NativeBlock block,
            EventFields fields,
            long tsMillis,
            PricedEvent priced,
            String topic,
            int partition,
            long offset,
            long ingestedAtSeconds,
            long fingerprint) {
        row.fields = fields;
        row.tsMillis = tsMillis;
        row.priced = priced;
        row.topic = topic;
        row.partition = partition;
        row.offset = offset;
        row.ingestedAt = ingestedAtSeconds;
        row.fingerprint = fingerprint;
        try {
            for (int i = 0; i < sources.size(); i++) {
                sources.get(i).append(block.column(i), row);
            }
            block.commitRow();
        } catch (RuntimeException e) {
            block.rollbackRow();
            throw e;
        }
    }

    private static Source sourceOf(String column, CompiledEventSchema schema, List<String> costColumns) {
        switch (column) {
            case "ts":
                return (c, r) -> c.appendLong(Math.floorDiv(r.tsMillis, 1000));
            case "ts_ms":
                return (c, r) -> c.appendLong(Math.floorMod(r.tsMillis, 1000));
            case "pricing_version":
                return (c, r) -> {
                    if (r.priced.pricingVersion() == null) {
                        c.appendMissing();
                    } else {
                        c.appendString(r.priced.pricingVersion());
                    }
                };
            case "_topic":
                return (c, r) -> c.appendString(r.topic);
            case "_partition":
                return (c, r) -> c.appendLong(r.partition);
            case "_offset":
                return (c, r) -> c.appendLong(r.offset);
            case "_ingested_at":
                return (c, r) -> c.appendLong(r.ingestedAt);
            case "event_fingerprint":
                return (c, r) -> c.appendLong(r.fingerprint);
            default:
                break;
        }
        int cost = costColumns.indexOf(column);
        if (cost >= 0) {
            return (c, r) -> r.priced.appendCost(c, cost);
        }
        int field = schema.field(column);
        if (field < 0) {
            return null;
        }
        if (column.equals("input_tokens") || column.equals("output_tokens")) {
            // Billed counts where the model's usage convention counts cached or reasoning tokens inside these.
            boolean input = column.equals("input_tokens");
            return (c, r) -> {
                long billed = input ? r.priced.storedInputTokens() : r.priced.storedOutputTokens();
                if (billed >= 0) {
                    c.appendLong(billed);
                } else if (r.fields.has(field) && !r.fields.isNull(field)) {
                    c.appendLong(r.fields.longValue(field));
                } else {
                    c.appendMissing();
                }
            };
        }
        Source value = switch (schema.fieldType(field)) {
            case "string" ->
                (c, r) -> {
                    byte[] ascii = r.fields.asciiSource(field);
                    if (ascii != null) {
                        c.appendAscii(ascii, r.fields.asciiFrom(field), r.fields.asciiTo(field));
                    } else {
                        c.appendString(r.fields.text(field));
                    }
                };
            case "integer" -> (c, r) -> c.appendLong(r.fields.longValue(field));
            case "number" -> (c, r) -> c.appendDouble(r.fields.doubleValue(field));
            case "boolean" -> (c, r) -> c.appendBoolean(r.fields.bool(field));
            default -> (c, r) -> c.appendString(r.fields.json(field)); // objects and arrays, as JSON text
        };
        return (c, r) -> {
            if (r.fields.has(field) && !r.fields.isNull(field)) {
                value.append(c, r);
            } else {
                c.appendMissing();
            }
        };
    }

    @FunctionalInterface
    private interface Source {
        void append(NativeColumn column, Row row);
    }

    /** The row being appended; one per encoder, reused, so appending allocates nothing. */
    private static final class Row {
        EventFields fields;
        long tsMillis;
        PricedEvent priced;
        String topic;
        int partition;
        long offset;
        long ingestedAt;
        long fingerprint;
    }
}
