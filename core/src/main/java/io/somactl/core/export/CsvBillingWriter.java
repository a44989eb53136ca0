package io.somactl.core.export;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV per RFC 4180: a header, CRLF line ends, fields quoted only when they must be. Times are
 * RFC 3339 UTC ({@code 2026-11-01T00:00:00Z}); costs and GPU hours plain decimals with all 12 places.
 */
final class CsvBillingWriter implements BillingWriter {
    static final CSVFormat FORMAT = CSVFormat.RFC4180;

    private final CSVPrinter printer;
    private final List<Object> record = new ArrayList<>(12);

    CsvBillingWriter(Writer out, BillingRequest request) throws IOException {
        this.printer = new CSVPrinter(new java.io.BufferedWriter(out, 1 << 16), FORMAT);
        printer.printRecord(request.columns());
    }

    @Override
    public void write(BillingRow row) throws IOException {
        record.clear();
        record.add(row.periodStart().toString());
        record.addAll(row.dimensions());
        record.add(row.requests());
        record.add(row.inputTokens());
        record.add(row.outputTokens());
        record.add(row.totalTokens());
        record.add(row.gpuHours().toPlainString());
        record.add(row.costUsd().toPlainString());
        printer.printRecord(record);
    }

    @Override
    public void finish() throws IOException {
        printer.flush();
    }
}
