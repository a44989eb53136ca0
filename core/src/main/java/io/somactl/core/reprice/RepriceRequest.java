package io.somactl.core.reprice;

import io.somactl.core.pricing.CatalogWriter;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.report.TimeRange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What to reprice: events with {@code ts} in {@code range}, of {@code tenants} and {@code models} (empty:
 * all), with {@code catalog}; {@code includeExported} allows changing costs of an exported period.
 */
public record RepriceRequest(
        TimeRange range, List<String> tenants, List<String> models, PricingCatalog catalog, boolean includeExported) {
    public RepriceRequest {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(catalog, "catalog");
        tenants = List.copyOf(tenants.stream().distinct().sorted().toList());
        models = List.copyOf(models.stream().distinct().sorted().toList());
    }

    /** SHA-256 of the catalog's canonical form: two files with the same prices and version have the same one. */
    public String catalogSha256() {
        return sha256(CatalogWriter.write(catalog, ""));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
