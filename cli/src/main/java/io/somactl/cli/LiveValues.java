package io.somactl.cli;

import io.somactl.commands.support.Invocation;
import io.somactl.core.completion.KnownNames;
import io.somactl.core.config.ConfigFile;
import io.somactl.core.config.ConfigLocation;
import io.somactl.core.config.SecretsFile;
import io.somactl.core.config.SettingKey;
import io.somactl.core.config.Settings;
import io.somactl.core.config.SettingsResolver;
import io.somactl.core.pricing.PricingCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Values that exist on the servers, for the shell's completion, each kind cached for a few seconds so Tab
 * stays quick: tenants and personas (Redis), models (the pricing catalog), topics (Kafka), contexts (the config
 * file). The servers are those of the session's context. A server that fails gives the last values it gave, or none.
 */
final class LiveValues {
    enum Kind { TENANTS, PERSONAS, MODELS, TOPICS, CONTEXTS }

    static final Duration TTL = Duration.ofSeconds(10);

    private record Cached(List<String> values, Instant until) {}

    private final Function<Kind, Collection<String>> fetch;
    private final Duration ttl;
    private final Clock clock;
    private final Map<Kind, Cached> cache = new EnumMap<>(Kind.class);

    LiveValues(Function<Kind, Collection<String>> fetch, Duration ttl, Clock clock) {
        this.fetch = fetch;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Live values from the servers of the invocation's context (read again on every fetch: the context may change). */
    static LiveValues of(Invocation invocation) {
        return new LiveValues(kind -> fetch(invocation, kind), TTL, Clock.systemUTC());
    }

    synchronized List<String> values(Kind kind) {
        Instant now = clock.instant();
        Cached cached = cache.get(kind);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.values();
        }
        List<String> values;
        try {
            values = fetch.apply(kind).stream().sorted().distinct().toList();
        } catch (RuntimeException unavailable) {
            values = cached == null ? List.of() : cached.values();
        }
        cache.put(kind, new Cached(values, now.plus(ttl)));
        return values;
    }

    private static Collection<String> fetch(Invocation invocation, Kind kind) {
        Path file = ConfigLocation.defaultConfigFile(invocation.environment());
        ConfigFile config = ConfigFile.load(file);
        if (kind == Kind.CONTEXTS) {
            return config.contexts().keySet();
        }
        Settings settings = new SettingsResolver(config, SecretsFile.load(ConfigLocation.secretsFileBeside(file)),
                invocation.environment()).resolve(null, invocation.sessionContext().orElse(null), Map.of());
        return switch (kind) {
            case TENANTS -> KnownNames.tenants(settings);
            case PERSONAS -> KnownNames.personas(settings);
            case TOPICS -> KnownNames.topics(settings);
            case MODELS -> {
                var setting = settings.resolved(SettingKey.PRICING_CATALOG);
                String catalog = setting == null ? null : setting.value();
                yield (catalog == null || catalog.isBlank() ? PricingCatalog.loadBundled() : PricingCatalog.load(Path.of(catalog.strip())))
                        .modelIds();
            }
            case CONTEXTS -> config.contexts().keySet();
        };
    }
}
