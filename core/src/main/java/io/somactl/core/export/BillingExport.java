package io.somactl.core.export;

import io.somactl.core.SomactlException;
import io.somactl.core.files.AtomicFile;
import io.somactl.core.files.FileWriteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Exports billing rows from a {@link BillingSource} to CSV or Parquet, streaming: rows go from
 * ClickHouse's response to the file one at a time, so memory does not grow with the row count. The
 * totals are added up from the rows as they are written, and the manifest records them.
 *
 * <p>A file export is atomic ({@link AtomicFile}): the data file appears complete under its final
 * name, then its manifest. {@code ifAbsent} skips the export when both are already there.
 */
public final class BillingExport {
    private static final int PROGRESS_EVERY = 4096;

    private final BillingSource source;
    private final Metadata metadata;
    private final Clock clock;

    /** What the manifest says about who made the export and with which pricing catalog. */
    public record Metadata(String pricingCatalogVersion, String createdBy, String somactlVersion, String database) {}

    public BillingExport(BillingSource source, Metadata metadata, Clock clock) {
        this.source = source;
        this.metadata = metadata;
        this.clock = clock;
    }

    /** Exports to {@code file} with its manifest beside it (or at {@code manifestFile} when given); directories must exist. */
    public ExportResult toFile(
            BillingRequest request,
            BillingFormat format,
            Path file,
            Path manifestFile,
            boolean ifAbsent,
            ExportProgress progress) {
        return toFile(request, format, file, manifestFile, ifAbsent, false, progress);
    }

    /**
     * Exports to {@code file} with its manifest beside it (or at {@code manifestFile} when given). Both
     * targets are checked before ClickHouse is asked anything: each must be a regular file or absent,
     * in a directory that exists unless {@code createDirectories}. Nothing is left behind on failure.
     */
    public ExportResult toFile(
            BillingRequest request,
            BillingFormat format,
            Path file,
            Path manifestFile,
            boolean ifAbsent,
            boolean createDirectories,
            ExportProgress progress) {
        Path manifestPath = manifestFile != null ? manifestFile : Manifest.besides(file);
        if (ifAbsent && Files.isRegularFile(file) && Files.isRegularFile(manifestPath)) {
            return new ExportResult(file, manifestPath, Manifest.read(manifestPath), true);
        }
        check(file, createDirectories);
        check(manifestPath, createDirectories);
        List<String> pricingVersions = source.pricingVersions(request);
        try (AtomicFile out = AtomicFile.create(file, createDirectories)) {
            BillingTotals totals;
            try {
                BillingWriter writer = format.writer(out.stream(), request);
                totals = copy(request, writer, progress);
            } catch (IOException e) {
                throw FileWriteException.of(out.target(), e);
            } catch (WriteFailure e) {
                throw FileWriteException.of(out.target(), e.getCause());
            }
            String sha256 = out.commit();
            long bytes = Files.size(out.target());
            Manifest manifest = manifest(
                    out.target().getFileName().toString(), format, bytes, sha256, request, pricingVersions, totals);
            AtomicFile.write(manifestPath, manifest.toJson(), createDirectories);
            progress.finished(totals.overall().rows(), bytes);
            return new ExportResult(out.target(), manifestPath, manifest, false);
        } catch (IOException e) {
            throw new SomactlException(FileWriteException.of(file, e).getMessage(), e);
        }
    }

    /** Exports CSV to a character stream (stdout); writes a manifest only when {@code manifestFile} is given. */
    public ExportResult csvTo(Writer out, BillingRequest request, Path manifestFile, ExportProgress progress) {
        return csvTo(out, request, manifestFile, false, progress);
    }

    /** As {@link #csvTo(Writer, BillingRequest, Path, ExportProgress)}; {@code createDirectories} for the manifest's. */
    public ExportResult csvTo(
            Writer out, BillingRequest request, Path manifestFile, boolean createDirectories, ExportProgress progress) {
        if (manifestFile != null) {
            check(manifestFile, createDirectories);
        }
        List<String> pricingVersions = source.pricingVersions(request);
        DigestWriter digesting = new DigestWriter(out);
        BillingTotals totals;
        try {
            BillingWriter writer = BillingFormat.csvWriter(digesting, request);
            totals = copy(request, writer, progress);
            digesting.flush();
            if (out instanceof java.io.PrintWriter printer && printer.checkError()) { // it swallows write errors
                throw new IOException("closed, or the disk is full");
            }
        } catch (IOException e) {
            throw new SomactlException(
                    "writing the export to standard output failed: " + FileWriteException.reason(e), e);
        } catch (WriteFailure e) {
            throw new SomactlException(
                    "writing the export to standard output failed: " + FileWriteException.reason(e.getCause()), e);
        }
        String sha256 = digesting.finish();
        Manifest manifest =
                manifest("-", BillingFormat.CSV, digesting.bytes(), sha256, request, pricingVersions, totals);
        if (manifestFile != null) {
            try {
                AtomicFile.write(manifestFile, manifest.toJson(), createDirectories);
            } catch (IOException e) {
                throw new SomactlException(
                        FileWriteException.of(manifestFile, e).getMessage(), e);
            }
        }
        progress.finished(totals.overall().rows(), digesting.bytes());
        return new ExportResult(null, manifestFile, manifest, false);
    }

    private static void check(Path target, boolean createDirectories) {
        try {
            AtomicFile.checkTarget(target, createDirectories);
        } catch (FileWriteException e) {
            throw new SomactlException(e.getMessage(), e);
        }
    }

    private BillingTotals copy(BillingRequest request, BillingWriter writer, ExportProgress progress)
            throws IOException {
        BillingTotals totals = new BillingTotals();
        progress.querying();
        long[] rows = {0};
        source.stream(request, row -> {
            try {
                writer.write(row);
            } catch (IOException e) {
                throw new WriteFailure(e);
            }
            totals.add(row);
            if (++rows[0] % PROGRESS_EVERY == 0) {
                progress.rows(rows[0], row.periodStart());
            }
        });
        writer.finish();
        return totals;
    }

    private Manifest manifest(
            String fileName,
            BillingFormat format,
            long bytes,
            String sha256,
            BillingRequest request,
            List<String> pricingVersions,
            BillingTotals totals) {
        return new Manifest(
                fileName,
                format,
                bytes,
                sha256,
                request.columns(),
                request,
                Objects.requireNonNullElse(metadata.pricingCatalogVersion(), ""),
                pricingVersions,
                totals,
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                metadata.createdBy(),
                metadata.somactlVersion(),
                metadata.database());
    }

    /** A write to the export's file failed inside the row callback (not ClickHouse's answer failing). */
    private static final class WriteFailure extends UncheckedIOException {
        WriteFailure(IOException cause) {
            super(cause);
        }
    }
}
