package org.apache.parquet;

import java.util.Map;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Read options for Parquet's file reader without Hadoop. {@link ParquetReadOptions#builder} always
 * loads Hadoop's mapreduce input format (for a record filter somactl does not use), so somactl
 * builds the options through ParquetReadOptions' package-private constructor (parquet-hadoop
 * 1.15.2: the nine flags, filters, codec factory, allocator, allocation limit, properties,
 * decryption, metrics, configuration). In this package for that reason only; a test reads a file
 * with it on a class path without Hadoop.
 */
public final class HadoopFreeReadOptions {
    private HadoopFreeReadOptions() {}

    public static ParquetReadOptions of(CompressionCodecFactory codecs) {
        return new ParquetReadOptions(
                false, // useSignedStringMinMax
                true, // useStatsFilter
                true, // useDictionaryFilter
                false, // useRecordFilter
                true, // useColumnIndexFilter
                false, // usePageChecksumVerification
                false, // useBloomFilter
                false, // useOffHeapDecryptBuffer
                false, // useHadoopVectoredIo
                FilterCompat.NOOP,
                ParquetMetadataConverter.NO_FILTER,
                codecs,
                new HeapByteBufferAllocator(),
                8 * 1024 * 1024,
                Map.of(),
                null,
                null,
                new PlainParquetConfiguration());
    }
}
