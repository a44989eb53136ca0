package io.somactl.core.export;

import io.somactl.core.text.Printable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** The file formats of a billing export, each with its writer and its reader (for verify). */
public enum BillingFormat {
    CSV("csv"),
    PARQUET("parquet");

    private final String extension;

    BillingFormat(String extension) {
        this.extension = extension;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String extension() {
        return extension;
    }

    public static BillingFormat parse(String text) {
        for (BillingFormat format : values()) {
            if (format.label().equalsIgnoreCase(text.strip())) {
                return format;
            }
        }
        throw new IllegalArgumentException(Printable.quote(text) + " is not an export format: use csv or parquet");
    }

    /** The format a file name says ({@code .csv}, {@code .parquet}), if any. */
    public static java.util.Optional<BillingFormat> ofFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (BillingFormat format : values()) {
            if (name.endsWith("." + format.extension)) {
                return java.util.Optional.of(format);
            }
        }
        return java.util.Optional.empty();
    }

    /** A writer into {@code out} (bytes; CSV is UTF-8). */
    public BillingWriter writer(OutputStream out, BillingRequest request) throws IOException {
        return switch (this) {
            case CSV ->
                new CsvBillingWriter(
                        new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8), request);
            case PARQUET -> new ParquetBillingWriter(out, request);
        };
    }

    /** A CSV writer into characters (stdout); Parquet is binary and needs a file. */
    public static BillingWriter csvWriter(Writer out, BillingRequest request) throws IOException {
        return new CsvBillingWriter(out, request);
    }

    /** Reads a file of this format, row by row; returns its column names (header or schema). */
    public List<String> read(Path file, Consumer<BillingRow> sink) throws IOException {
        return switch (this) {
            case CSV -> CsvBillingReader.read(file, sink);
            case PARQUET -> ParquetBillingReader.read(file, sink);
        };
    }
}
