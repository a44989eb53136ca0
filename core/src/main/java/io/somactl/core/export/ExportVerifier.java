package io.somactl.core.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code export verify}: recomputes an export file's size, SHA-256, columns and totals and checks
 * them against its manifest, then (with a source) re-runs the manifest's query on ClickHouse and
 * checks ClickHouse's totals against the manifest too. Every difference is listed, the first one
 * first; none means the file, the manifest and ClickHouse agree to the last decimal.
 */
public final class ExportVerifier {
    private ExportVerifier() {}

    public record Report(
            Manifest manifest, BillingTotals fileTotals, BillingTotals clickHouseTotals, List<String> differences) {
        public boolean ok() {
            return differences.isEmpty();
        }
    }

    /** @param source ClickHouse to re-query, or {@code null} to check the file against its manifest only */
    public static Report verify(Path file, Path manifestFile, BillingSource source) {
        Manifest manifest = Manifest.read(manifestFile);
        List<String> differences = new ArrayList<>();
        long bytes;
        String sha256;
        try {
            bytes = Files.size(file);
            sha256 = sha256(file);
        } catch (IOException e) {
            throw new BillingFileException(file, "cannot read: " + e.getMessage());
        }
        if (bytes != manifest.bytes()) {
            differences.add("size: file " + bytes + " bytes, manifest " + manifest.bytes());
        }
        if (!sha256.equals(manifest.sha256())) {
            differences.add("sha256: file " + sha256 + ", manifest " + manifest.sha256());
        }
        BillingTotals fileTotals = new BillingTotals();
        try {
            List<String> columns = manifest.format().read(file, fileTotals::add);
            if (!columns.equals(manifest.columns())) {
                differences.add("columns: file " + columns + ", manifest " + manifest.columns());
            }
            differences.addAll(fileTotals.differences("file", manifest.totals(), "manifest"));
        } catch (BillingFileException | IOException e) {
            differences.add("file: " + e.getMessage());
            fileTotals = null;
        }
        BillingTotals clickHouseTotals = null;
        if (source != null) {
            BillingTotals now = new BillingTotals();
            source.stream(manifest.request(), now::add);
            differences.addAll(now.differences("ClickHouse", manifest.totals(), "manifest"));
            clickHouseTotals = now;
        }
        return new Report(manifest, fileTotals, clickHouseTotals, List.copyOf(differences));
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
