package io.somactl.core.export;

import java.io.IOException;

/** Writes billing rows to one file format. {@link #finish()} completes the file (CSV flush, Parquet footer). */
public interface BillingWriter {
    void write(BillingRow row) throws IOException;

    void finish() throws IOException;
}
