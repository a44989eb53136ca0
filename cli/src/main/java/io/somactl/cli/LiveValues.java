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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Values that exist on the servers, for the shell's completion, each kind cached for a few seconds so Tab
 * stays quick: tenants and personas (Redis), models (the pricing catalog), topics (Kafka), contexts (the config
 * file). The servers are those of the session's context. A server that fails gives the last values it gave, or none.
 */
final class LiveValues {
    enum Kind {
        TENANTS,
        PERSONAS,
        MODELS,
        TOPICS,
        CONTEXTS
    }

    static final Duration TTL = Duration.ofSeconds(10);
    /** The longest Tab waits for a server; a slower answer is kept for the next Tab. */
    static final Duration WAIT = Duration.ofSeconds(2);

    private record Cached(List<String> values, Instant until) {}

    private final Function<Kind, Collection<String>> fetch;
    private final Duration ttl;
    private final Duration wait;
    private final Clock clock;
    private final Map<Kind, Cached> cache = new EnumMap<>(Kind.class);
    private final Map<Kind, Future<List<String>>> pending = new EnumMap<>(Kind.class);
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "somactl-completion");
        thread.setDaemon(true);
        return thread;
    });

    LiveValues(Function<Kind, Collection<String>> fetch, Duration ttl, Duration wait, Clock clock) {
        this.fetch = fetch;
        this.ttl = ttl;
        this.wait = wait;
        this.clock = clock;
    }

    /** Live values from the servers of the invocation's context (read again on every fetch: the context may change). */
    static LiveValues of(Invocation invocation) {
        return new LiveValues(kind -> fetch(invocation, kind), TTL, WAIT, Clock.systemUTC());
    }

    /** Starts fetching a kind in the background, so the first Tab finds it (the shell warms up tenants at start). */
    synchronized void prefetch(Kind kind) {
        if (!cache.containsKey(kind)) {
            pending.computeIfAbsent(
                    kind,
                    k -> threads.submit(
                            () -> fetch.apply(k).stream().sorted().distinct().toList()));
        }
    }

    /** The values of a kind: cached, else fetched within {@link #WAIT}, else the last ones known (or none). */
    synchronized List<String> values(Kind kind) {
        Instant now = clock.instant();
        Cached cached = cache.get(kind);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.values();
        }
        Future<List<String>> answer = pending.computeIfAbsent(
                kind,
                k -> threads.submit(
                        () -> fetch.apply(k).stream().sorted().distinct().toList()));
        try {
            List<String> values = answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            pending.remove(kind);
            cache.put(kind, new Cached(values, now.plus(ttl)));
            return values;
        } catch (TimeoutException slow) {
            return cached == null ? List.of() : cached.values(); // still fetching: the next Tab takes its answer
        } catch (ExecutionException unavailable) {
            pending.remove(kind);
            List<String> last = cached == null ? List.of() : cached.values();
            cache.put(kind, new Cached(last, now.plus(ttl)));
            return last;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return cached == null ? List.of() : cached.values();
        }
    }

    private static Collection<String> fetch(Invocation invocation, Kind kind) {
        Path file = ConfigLocation.defaultConfigFile(invocation.environment());
        ConfigFile config = ConfigFile.load(file);
        if (kind == Kind.CONTEXTS) {
            return config.contexts().keySet();
        }
        Settings settings = new SettingsResolver(
                        config, SecretsFile.load(ConfigLocation.secretsFileBeside(file)), invocation.environment())
                .resolve(null, invocation.sessionContext().orElse(null), Map.of());
        return switch (kind) {
            case TENANTS -> KnownNames.tenants(settings);
            case PERSONAS -> KnownNames.personas(settings);
            case TOPICS -> KnownNames.topics(settings);
            case MODELS -> {
                var setting = settings.resolved(SettingKey.PRICING_CATALOG);
                String catalog = setting == null ? null : setting.value();
                yield (catalog == null || catalog.isBlank()
                                ? PricingCatalog.loadBundled()
                                : PricingCatalog.load(Path.of(catalog.strip())))
                        .modelIds();
            }
            case CONTEXTS -> config.contexts().keySet();
        };
    }
}
