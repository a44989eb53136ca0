package io.somactl.core.export;

import io.somactl.core.pricing.Money;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads a billing Parquet file back with Parquet's own reader (no Hadoop), checking the schema is
 * the one somactl writes: timestamps, strings, INT64 counts and DECIMAL(38, 12) amounts.
 */
final class ParquetBillingReader {
    private ParquetBillingReader() {}

    static List<String> read(Path file, Consumer<BillingRow> sink) throws IOException {
        ParquetReadOptions options = HadoopFreeReadOptions.of(SnappyCodecs.INSTANCE);
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<String> columns =
                    schema.getFields().stream().map(Type::getName).toList();
            int dims;
            try {
                dims = BillingLayout.dimensionCount(columns);
            } catch (IllegalArgumentException e) {
                throw new BillingFileException(file, e.getMessage());
            }
            MessageType expected = ParquetBillingWriter.schema(columns);
            if (!expected.equals(schema)) {
                throw new BillingFileException(file, "its Parquet schema is not somactl's billing schema:\n" + schema);
            }
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0, n = pages.getRowCount(); i < n; i++) {
                    sink.accept(row(records.read(), dims));
                }
            }
            return columns;
        } catch (RuntimeException e) {
            if (e instanceof BillingFileException) {
                throw e;
            }
            throw new BillingFileException(file, "not a readable billing Parquet file: " + e.getMessage());
        } catch (IOException e) {
            throw new BillingFileException(file, "not a readable billing Parquet file: " + e.getMessage());
        }
    }

    private static BillingRow row(Group g, int dims) {
        List<String> dimensions = new ArrayList<>(dims);
        for (int i = 1; i <= dims; i++) {
            dimensions.add(g.getString(i, 0));
        }
        int m = 1 + dims;
        return new BillingRow(
                Instant.ofEpochMilli(g.getLong(0, 0)),
                dimensions,
                g.getLong(m, 0),
                g.getLong(m + 1, 0),
                g.getLong(m + 2, 0),
                g.getLong(m + 3, 0),
                decimal(g.getBinary(m + 4, 0).getBytes()),
                decimal(g.getBinary(m + 5, 0).getBytes()));
    }

    static BigDecimal decimal(byte[] twosComplement) {
        return new BigDecimal(new BigInteger(twosComplement), Money.STORAGE_SCALE);
    }
}
