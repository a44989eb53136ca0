package io.somactl.core.ingest;

import io.somactl.core.export.ParquetWriters;
import io.somactl.core.export.SnappyCodecs;
import io.somactl.core.pricing.Money;
import io.somactl.core.usage.UsageDelta;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Parquet archives of events: one row per event, written and read with Parquet's own classes and no
 * Hadoop, as the billing export does ({@link SnappyCodecs}, plain configuration). The schema,
 * {@code somactl_archive} (also in README, "Replay"):
 *
 * <table>
 *   <caption>columns</caption>
 *   <tr><td>{@code topic}</td><td>BINARY STRING, required</td><td>the event's topic, e.g. {@code slm.metrics}</td></tr>
 *   <tr><td>{@code tenant}</td><td>BINARY STRING, required</td><td>the event's tenant</td></tr>
 *   <tr><td>{@code event_id}</td><td>BINARY STRING, required</td><td>the event's id</td></tr>
 *   <tr><td>{@code ts}</td><td>INT64 TIMESTAMP(MILLIS, UTC), required</td><td>the event's time</td></tr>
 *   <tr><td>{@code input_tokens}, {@code output_tokens}, {@code total_tokens}</td><td>INT64, optional</td>
 *       <td>the billed tokens as the budget counters add them; null when the event costs nothing</td></tr>
 *   <tr><td>{@code cost_usd}</td><td>FIXED_LEN_BYTE_ARRAY(16) DECIMAL(38, 12), optional</td><td>its cost, exact</td></tr>
 *   <tr><td>{@code event}</td><td>BINARY STRING, required</td><td>the event's JSON exactly as produced</td></tr>
 * </table>
 *
 * <p>{@code event} is what a replay reads: the same bytes give the same values, event id and
 * fingerprint, so a replay is the events themselves, not a reconstruction. The typed columns are for
 * reading the archive with other tools (DuckDB, pandas) and for {@code archive verify}, which adds
 * them up against the manifest.
 */
public final class ParquetArchive {
    static final int ROW_GROUP_BYTES = 32 * 1024 * 1024;
    private static final int DECIMAL_BYTES = 16;

    /** The archive's schema, defined here once. */
    public static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("topic")
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("tenant")
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("event_id")
            .required(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
            .named("ts")
            .optional(PrimitiveTypeName.INT64)
            .named("input_tokens")
            .optional(PrimitiveTypeName.INT64)
            .named("output_tokens")
            .optional(PrimitiveTypeName.INT64)
            .named("total_tokens")
            .optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
            .length(DECIMAL_BYTES)
            .as(LogicalTypeAnnotation.decimalType(Money.STORAGE_SCALE, 38))
            .named("cost_usd")
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("event")
            .named("somactl_archive");

    private static final int TOPIC = 0;
    private static final int TENANT = 1;
    private static final int EVENT_ID = 2;
    private static final int TS = 3;
    private static final int INPUT = 4;
    private static final int OUTPUT = 5;
    private static final int TOTAL = 6;
    private static final int COST = 7;
    private static final int EVENT = 8;

    private ParquetArchive() {}

    /** One row read back; the token and cost fields are null for an event that costs nothing. */
    public record Row(
            String topic,
            byte[] event,
            String tenant,
            String eventId,
            long tsMillis,
            Long inputTokens,
            Long outputTokens,
            Long totalTokens,
            BigDecimal costUsd) {}

    @FunctionalInterface
    interface RowSink {
        /** {@code number}: the row's position in the file, from 0. Returns false to stop reading. */
        boolean accept(long number, Row row) throws IOException;
    }

    static ArchiveWriter writer(Path file) throws IOException {
        ParquetWriter<ArchivedEvent> writer =
                ParquetWriters.build(new Builder(new LocalOutputFile(file)), ROW_GROUP_BYTES);
        return new ArchiveWriter() {
            @Override
            public void write(ArchivedEvent event) throws IOException {
                writer.write(event);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    /** Reads every row in file order, checking the schema is {@link #SCHEMA}. */
    static void read(Path file, RowSink sink) throws IOException {
        try (ParquetFileReader reader =
                ParquetFileReader.open(new LocalInputFile(file), HadoopFreeReadOptions.of(SnappyCodecs.INSTANCE))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            if (!SCHEMA.equals(schema)) {
                throw new IOException("its Parquet schema is not somactl's archive schema: " + schema);
            }
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            long number = 0;
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0, n = pages.getRowCount(); i < n; i++) {
                    if (!sink.accept(number++, row(records.read()))) {
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("not a readable Parquet archive: " + e.getMessage(), e);
        }
    }

    /** How many rows the file holds, from its footer. */
    static long rows(Path file) throws IOException {
        try (ParquetFileReader reader =
                ParquetFileReader.open(new LocalInputFile(file), HadoopFreeReadOptions.of(SnappyCodecs.INSTANCE))) {
            return reader.getRecordCount();
        } catch (RuntimeException e) {
            throw new IOException("not a readable Parquet archive: " + e.getMessage(), e);
        }
    }

    /**
     * The archive's events as NDJSON envelopes, read a row group at a time (for {@code replay --file
     * … --to kafka}, which sends what {@code emit} reads).
     */
    static java.io.InputStream envelopes(Path file) throws IOException {
        java.util.concurrent.BlockingQueue<byte[]> queue = new java.util.concurrent.ArrayBlockingQueue<>(1024);
        byte[] end = new byte[0];
        IOException[] failure = {null};
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                read(file, (number, row) -> {
                    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(row.event().length + 40);
                    line.write(("{\"topic\":\"" + row.topic() + "\",\"event\":")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    line.write(row.event());
                    line.write('}');
                    line.write('\n');
                    return put(queue, line.toByteArray());
                });
            } catch (IOException e) {
                failure[0] = e;
            } finally {
                put(queue, end);
            }
        });
        return new java.io.InputStream() {
            private byte[] current = new byte[0];
            private int at;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (at == current.length) {
                    if (current == end) {
                        return -1;
                    }
                    try {
                        current = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted");
                    }
                    at = 0;
                    if (current == end && failure[0] != null) {
                        throw failure[0];
                    }
                }
                int n = Math.min(len, current.length - at);
                System.arraycopy(current, at, b, off, n);
                at += n;
                return n;
            }

            @Override
            public void close() {
                reader.interrupt();
            }
        };
    }

    private static boolean put(java.util.concurrent.BlockingQueue<byte[]> queue, byte[] line) {
        try {
            queue.put(line);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static Row row(Group g) {
        return new Row(
                g.getString(TOPIC, 0),
                g.getBinary(EVENT, 0).getBytes(),
                g.getString(TENANT, 0),
                g.getString(EVENT_ID, 0),
                g.getLong(TS, 0),
                optionalLong(g, INPUT),
                optionalLong(g, OUTPUT),
                optionalLong(g, TOTAL),
                g.getFieldRepetitionCount(COST) == 0
                        ? null
                        : new BigDecimal(new BigInteger(g.getBinary(COST, 0).getBytes()), Money.STORAGE_SCALE));
    }

    private static Long optionalLong(Group g, int field) {
        return g.getFieldRepetitionCount(field) == 0 ? null : g.getLong(field, 0);
    }

    /** Big-endian two's complement of the unscaled value, sign-extended to 16 bytes (as the billing export writes it). */
    private static Binary decimal(BigDecimal value) {
        BigInteger unscaled = value.setScale(Money.STORAGE_SCALE).unscaledValue();
        byte[] bytes = unscaled.toByteArray();
        if (bytes.length > DECIMAL_BYTES) {
            throw new ArithmeticException(value + " does not fit DECIMAL(38, 12)");
        }
        byte[] fixed = new byte[DECIMAL_BYTES];
        java.util.Arrays.fill(fixed, 0, DECIMAL_BYTES - bytes.length, (byte) (unscaled.signum() < 0 ? 0xFF : 0x00));
        System.arraycopy(bytes, 0, fixed, DECIMAL_BYTES - bytes.length, bytes.length);
        return Binary.fromConstantByteArray(fixed);
    }

    private static final class Builder extends ParquetWriter.Builder<ArchivedEvent, Builder> {
        Builder(org.apache.parquet.io.OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ArchivedEvent> getWriteSupport(ParquetConfiguration conf) {
            return new EventWriteSupport();
        }

        @Override
        protected WriteSupport<ArchivedEvent> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new EventWriteSupport();
        }
    }

    private static final class EventWriteSupport extends WriteSupport<ArchivedEvent> {
        private RecordConsumer consumer;

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return init((ParquetConfiguration) null);
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(SCHEMA, Map.of("somactl.kind", "archive"));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(ArchivedEvent event) {
            consumer.startMessage();
            binary(TOPIC, Binary.fromString(event.topic().topicName()));
            binary(TENANT, Binary.fromString(event.tenant()));
            binary(EVENT_ID, Binary.fromString(event.eventId()));
            int64(TS, event.tsMillis());
            UsageDelta usage = event.usage();
            if (usage != null) {
                int64(INPUT, usage.inputTokens());
                int64(OUTPUT, usage.outputTokens());
                int64(TOTAL, usage.totalTokens());
                binary(COST, decimal(usage.costUsd()));
            }
            binary(EVENT, Binary.fromConstantByteArray(event.json()));
            consumer.endMessage();
        }

        private void binary(int index, Binary value) {
            String name = SCHEMA.getFieldName(index);
            consumer.startField(name, index);
            consumer.addBinary(value);
            consumer.endField(name, index);
        }

        private void int64(int index, long value) {
            String name = SCHEMA.getFieldName(index);
            consumer.startField(name, index);
            consumer.addLong(value);
            consumer.endField(name, index);
        }
    }
}
