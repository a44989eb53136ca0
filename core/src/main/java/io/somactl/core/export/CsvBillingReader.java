package io.somactl.core.export;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads a billing CSV back, strictly: the header must be a billing header and every value must parse. */
final class CsvBillingReader {
    private CsvBillingReader() {}

    static List<String> read(Path file, Consumer<BillingRow> sink) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .build()
                        .parse(in)) {
            List<String> columns = List.copyOf(parser.getHeaderNames());
            int dims = BillingLayout.dimensionCount(columns);
            for (CSVRecord record : parser) {
                if (record.size() != columns.size()) {
                    throw new BillingFileException(
                            file,
                            "line " + parser.getCurrentLineNumber() + " has " + record.size() + " fields, the header "
                                    + columns.size());
                }
                try {
                    List<String> dimensions = new ArrayList<>(dims);
                    for (int i = 1; i <= dims; i++) {
                        dimensions.add(record.get(i));
                    }
                    int m = 1 + dims;
                    sink.accept(new BillingRow(
                            Instant.parse(record.get(0)),
                            dimensions,
                            Long.parseLong(record.get(m)),
                            Long.parseLong(record.get(m + 1)),
                            Long.parseLong(record.get(m + 2)),
                            Long.parseLong(record.get(m + 3)),
                            BillingRow.exact(record.get(m + 4)),
                            BillingRow.exact(record.get(m + 5))));
                } catch (NumberFormatException | DateTimeParseException e) {
                    throw new BillingFileException(
                            file, "line " + parser.getCurrentLineNumber() + ": " + e.getMessage());
                }
            }
            return columns;
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new BillingFileException(file, "not a readable billing CSV: " + e.getMessage());
        }
    }
}
