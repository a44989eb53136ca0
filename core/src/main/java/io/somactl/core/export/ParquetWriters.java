package io.somactl.core.export;

import java.io.IOException;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The one way somactl writes Parquet files (billing exports and event archives): no Hadoop
 * configuration, Snappy pages through {@link SnappyCodecs}, dictionary encoding, and the Parquet 1.0
 * page format that every reader (ClickHouse 18.16 included) understands.
 */
public final class ParquetWriters {
    private ParquetWriters() {}

    public static <T, B extends ParquetWriter.Builder<T, B>> ParquetWriter<T> build(B builder, int rowGroupBytes)
            throws IOException {
        return builder.withConf(new PlainParquetConfiguration())
                .withCodecFactory(SnappyCodecs.INSTANCE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupSize(rowGroupBytes)
                .withDictionaryEncoding(true)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .build();
    }
}
