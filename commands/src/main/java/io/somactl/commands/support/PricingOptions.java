package io.somactl.commands.support;

import io.somactl.core.config.ConfigException;
import io.somactl.core.config.ConfigFile;
import io.somactl.core.config.ConfigLocation;
import io.somactl.core.config.ResolvedSetting;
import io.somactl.core.config.SecretsFile;
import io.somactl.core.config.SettingKey;
import io.somactl.core.config.SettingSource;
import io.somactl.core.config.Settings;
import io.somactl.core.config.SettingsResolver;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.pricing.PricingCatalogException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The pricing catalog a command prices with: {@code --pricing FILE}, else {@code SOMACTL_PRICING},
 * else the context's {@code pricing.catalog}, else the bundled catalog (format: docs/pricing.md). An
 * invalid or missing catalog is a configuration error (exit 2) listing every problem; a named catalog
 * never silently falls back to the bundled one.
 */
public final class PricingOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(
            names = "--pricing",
            paramLabel = "FILE",
            description =
                    "Pricing catalog file (default: SOMACTL_PRICING, else the context's pricing.catalog, else the bundled one; format: docs/pricing.md).")
    private Path file;

    /** The catalog in force and where it came from, e.g. {@code bundled} or {@code /etc/somactl/prices.yaml (SOMACTL_PRICING)}. */
    public record Chosen(PricingCatalog catalog, String origin) {}

    /** The catalog in force for a command without connection options (the current context's setting). */
    public PricingCatalog catalog() {
        return choose().catalog();
    }

    /** The catalog in force, resolving the setting from the current context and environment. */
    public Chosen choose() {
        return choose(file == null ? currentSettings() : null);
    }

    /** The catalog in force, with the command's own resolved settings (flag > env > context > bundled). */
    public Chosen choose(Settings settings) {
        if (file != null) {
            return new Chosen(load(file), file + " (--pricing)");
        }
        ResolvedSetting setting = settings == null ? null : settings.resolved(SettingKey.PRICING_CATALOG);
        if (setting == null || setting.value() == null || setting.value().isBlank()) {
            return new Chosen(load(null), "bundled");
        }
        Path path = Path.of(setting.value().strip());
        String how = setting.source() == SettingSource.ENVIRONMENT
                ? SettingKey.PRICING_CATALOG.environmentVariable()
                : "pricing.catalog of context " + settings.context();
        return new Chosen(load(path), path + " (" + how + ")");
    }

    /** The file given with {@code --pricing}, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    private static PricingCatalog load(Path path) {
        try {
            return path == null ? PricingCatalog.loadBundled() : PricingCatalog.load(path);
        } catch (PricingCatalogException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private Settings currentSettings() {
        Map<String, String> environment = invocation().environment();
        Path config = ConfigLocation.defaultConfigFile(environment);
        return new SettingsResolver(
                        ConfigFile.load(config),
                        SecretsFile.load(ConfigLocation.secretsFileBeside(config)),
                        environment)
                .resolve(null, invocation().sessionContext().orElse(null), Map.of());
    }

    private Invocation invocation() {
        Object root = mixee == null ? null : mixee.root().userObject();
        if (root instanceof Invocation.Holder holder) {
            return holder.invocation();
        }
        return new Invocation(System.getenv());
    }

    /** An instant as people type it, by the one parser ({@link Times}). @throws ParameterException naming the option */
    public static Instant instant(CommandSpec spec, String option, String text) {
        return Times.instant(spec, option, text);
    }
}
