package io.somactl.core.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page compression without Hadoop: Parquet's SNAPPY codec is the raw Snappy block format,
 * which snappy-java (already in somactl for Kafka) writes and reads directly. Parquet's own codec
 * factory would load Hadoop's codec classes for the same job. UNCOMPRESSED pages pass through.
 */
public final class SnappyCodecs implements CompressionCodecFactory {
    public static final SnappyCodecs INSTANCE = new SnappyCodecs();

    private SnappyCodecs() {}

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case SNAPPY ->
                new BytesInputCompressor() {
                    @Override
                    public BytesInput compress(BytesInput bytes) throws IOException {
                        return BytesInput.from(Snappy.compress(bytes.toByteArray()));
                    }

                    @Override
                    public CompressionCodecName getCodecName() {
                        return CompressionCodecName.SNAPPY;
                    }

                    @Override
                    public void release() {}
                };
            case UNCOMPRESSED ->
                new BytesInputCompressor() {
                    @Override
                    public BytesInput compress(BytesInput bytes) {
                        return bytes;
                    }

                    @Override
                    public CompressionCodecName getCodecName() {
                        return CompressionCodecName.UNCOMPRESSED;
                    }

                    @Override
                    public void release() {}
                };
            default -> throw unsupported(codec);
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case SNAPPY ->
                new BytesInputDecompressor() {
                    @Override
                    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                        byte[] out = new byte[uncompressedSize];
                        int n = Snappy.uncompress(bytes.toByteArray(), 0, (int) bytes.size(), out, 0);
                        if (n != uncompressedSize) {
                            throw new IOException(
                                    "a Snappy page holds " + n + " bytes, its header says " + uncompressedSize);
                        }
                        return BytesInput.from(out);
                    }

                    @Override
                    public void decompress(
                            ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                            throws IOException {
                        byte[] in = new byte[compressedSize];
                        input.get(in);
                        output.put(decompress(BytesInput.from(in), uncompressedSize)
                                .toByteArray());
                    }

                    @Override
                    public void release() {}
                };
            case UNCOMPRESSED ->
                new BytesInputDecompressor() {
                    @Override
                    public BytesInput decompress(BytesInput bytes, int uncompressedSize) {
                        return bytes;
                    }

                    @Override
                    public void decompress(
                            ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
                        ByteBuffer slice = input.slice();
                        slice.limit(compressedSize);
                        output.put(slice);
                    }

                    @Override
                    public void release() {}
                };
            default -> throw unsupported(codec);
        };
    }

    @Override
    public void release() {}

    private static IllegalArgumentException unsupported(CompressionCodecName codec) {
        return new IllegalArgumentException("somactl reads Parquet pages compressed with SNAPPY or none, not " + codec);
    }
}
