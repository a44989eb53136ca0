package io.somactl.commands.support;

import io.somactl.core.config.Settings;
import io.somactl.core.services.Services;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a command run knows about where it runs: the environment variables it may read and, inside
 * {@code somactl shell}, the context the session switched to. Tests pass their own environment.
 */
public final class Invocation {
    private final Map<String, String> environment;
    private final Function<Settings, Services> services;
    private volatile String sessionContext;

    public Invocation(Map<String, String> environment) {
        this(environment, Services::new);
    }

    /** {@code services} builds a command run's services from its resolved settings (embedders and tests may wrap it). */
    public Invocation(Map<String, String> environment, Function<Settings, Services> services) {
        this.environment = Map.copyOf(environment);
        this.services = services;
    }

    /** The services of one command run, built from its settings; the caller owns (closes) them. */
    public Services services(Settings settings) {
        return services.apply(settings);
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Optional<String> sessionContext() {
        return Optional.ofNullable(sessionContext);
    }

    public void useSessionContext(String context) {
        this.sessionContext = context;
    }

    /** The root command object carries the invocation; every command reaches it through its spec. */
    public interface Holder {
        Invocation invocation();
    }
}
