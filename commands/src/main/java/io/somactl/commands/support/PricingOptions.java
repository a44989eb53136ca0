package io.somactl.commands.support;

import io.somactl.core.config.ConfigException;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.pricing.PricingCatalogException;
import io.somactl.core.text.Printable;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --pricing FILE}: the pricing catalog to use instead of the bundled one (format:
 * docs/pricing.md). An invalid catalog is a configuration error (exit 2) listing every problem.
 */
public final class PricingOptions {
    @Option(names = "--pricing", paramLabel = "FILE",
            description = "Pricing catalog file instead of the bundled one (format: docs/pricing.md).")
    private Path file;

    /** The catalog in force: {@code --pricing FILE}, else the bundled catalog. */
    public PricingCatalog catalog() {
        try {
            return file == null ? PricingCatalog.loadBundled() : PricingCatalog.load(file);
        } catch (PricingCatalogException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** The file given with {@code --pricing}, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * An instant as people type it for pricing: RFC 3339 with an offset ({@code 2023-11-17T00:00:00Z},
     * {@code 2023-11-17T01:00:00+01:00}) or a date ({@code 2023-11-17}: its start, UTC).
     *
     * @throws ParameterException naming the option, with examples
     */
    public static Instant instant(CommandSpec spec, String option, String text) {
        String value = text.strip();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notATime) {
            try {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notADate) {
                throw new ParameterException(spec.commandLine(), option + ": " + Printable.quote(text)
                        + " is not a time: use RFC 3339 (2023-11-17T00:00:00Z) or a date (2023-11-17, meaning its start in UTC)");
            }
        }
    }
}
