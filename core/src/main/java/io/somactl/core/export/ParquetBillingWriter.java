package io.somactl.core.export;

import io.somactl.core.pricing.Money;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Billing rows as Parquet with a typed schema that pandas (pyarrow), DuckDB and Spark read as is:
 * {@code period_start} INT64 TIMESTAMP(MILLIS, UTC); tenant, persona, model BINARY STRING; counts
 * INT64; {@code gpu_hours} and {@code cost_usd} FIXED_LEN_BYTE_ARRAY(16) DECIMAL(38, 12), exact.
 * Every column is REQUIRED. Pages are Snappy-compressed, strings dictionary-encoded, row groups
 * {@value #ROW_GROUP_BYTES} bytes at most, so memory stays bounded by one row group whatever the
 * number of rows.
 *
 * <p>Written through Parquet's {@link OutputFile} API with a plain (non-Hadoop) configuration and
 * {@link SnappyCodecs}: no Hadoop class is loaded.
 */
final class ParquetBillingWriter implements BillingWriter {
    static final int ROW_GROUP_BYTES = 32 * 1024 * 1024;
    static final int DECIMAL_BYTES = 16;
    static final int DECIMAL_PRECISION = 38;

    private final ParquetWriter<BillingRow> writer;

    ParquetBillingWriter(OutputStream out, BillingRequest request) throws IOException {
        MessageType schema = schema(request.columns());
        this.writer = ParquetWriters.build(new Builder(new StreamOutputFile(out), schema), ROW_GROUP_BYTES);
    }

    static MessageType schema(List<String> columns) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (String column : columns) {
            if (column.equals(BillingRow.PERIOD_START)) {
                message.required(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                        .named(column);
            } else if (column.equals("gpu_hours") || column.equals("cost_usd")) {
                message.required(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                        .length(DECIMAL_BYTES)
                        .as(LogicalTypeAnnotation.decimalType(Money.STORAGE_SCALE, DECIMAL_PRECISION))
                        .named(column);
            } else if (BillingRow.METRICS.contains(column)) {
                message.required(PrimitiveTypeName.INT64).named(column);
            } else {
                message.required(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType())
                        .named(column);
            }
        }
        return message.named("somactl_billing");
    }

    @Override
    public void write(BillingRow row) throws IOException {
        writer.write(row);
    }

    @Override
    public void finish() throws IOException {
        writer.close();
    }

    /** Big-endian two's complement of the unscaled value, sign-extended to 16 bytes. */
    static Binary decimal(BigDecimal value) {
        BigInteger unscaled = value.setScale(Money.STORAGE_SCALE).unscaledValue();
        byte[] bytes = unscaled.toByteArray();
        if (bytes.length > DECIMAL_BYTES) {
            throw new ArithmeticException(value + " does not fit DECIMAL(38, 12)");
        }
        byte[] fixed = new byte[DECIMAL_BYTES];
        byte fill = (byte) (unscaled.signum() < 0 ? 0xFF : 0x00);
        int pad = DECIMAL_BYTES - bytes.length;
        for (int i = 0; i < pad; i++) {
            fixed[i] = fill;
        }
        System.arraycopy(bytes, 0, fixed, pad, bytes.length);
        return Binary.fromConstantByteArray(fixed);
    }

    private static final class Builder extends ParquetWriter.Builder<BillingRow, Builder> {
        private final MessageType schema;

        Builder(OutputFile file, MessageType schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<BillingRow> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(schema);
        }

        @Override
        protected WriteSupport<BillingRow> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new RowWriteSupport(schema);
        }
    }

    private static final class RowWriteSupport extends WriteSupport<BillingRow> {
        private final MessageType schema;
        private final List<String> columns;
        private RecordConsumer consumer;

        RowWriteSupport(MessageType schema) {
            this.schema = schema;
            this.columns = schema.getFields().stream().map(f -> f.getName()).toList();
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return init((ParquetConfiguration) null);
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            Map<String, String> metadata = new HashMap<>();
            metadata.put("somactl.kind", "billing");
            return new WriteContext(schema, metadata);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(BillingRow row) {
            consumer.startMessage();
            int i = 0;
            field(i++, () -> consumer.addLong(row.periodStart().toEpochMilli()));
            for (String dimension : row.dimensions()) {
                field(i++, () -> consumer.addBinary(Binary.fromString(dimension)));
            }
            field(i++, () -> consumer.addLong(row.requests()));
            field(i++, () -> consumer.addLong(row.inputTokens()));
            field(i++, () -> consumer.addLong(row.outputTokens()));
            field(i++, () -> consumer.addLong(row.totalTokens()));
            field(i++, () -> consumer.addBinary(decimal(row.gpuHours())));
            field(i, () -> consumer.addBinary(decimal(row.costUsd())));
            consumer.endMessage();
        }

        private void field(int index, Runnable value) {
            String name = columns.get(index);
            consumer.startField(name, index);
            value.run();
            consumer.endField(name, index);
        }
    }

    /** Parquet writes front to back, so a plain stream with a position counter is a whole OutputFile. */
    private static final class StreamOutputFile implements OutputFile {
        private final OutputStream out;

        StreamOutputFile(OutputStream out) {
            this.out = out;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush(); // the owner of the stream (AtomicFile) closes it
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return "somactl-billing-export";
        }
    }
}
