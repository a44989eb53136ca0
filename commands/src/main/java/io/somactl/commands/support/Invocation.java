package io.somactl.commands.support;

import java.util.Map;
import java.util.Optional;

/**
 * What a command run knows about where it runs: the environment variables it may read and, inside
 * {@code somactl shell}, the context the session switched to. Tests pass their own environment.
 */
public final class Invocation {
    private final Map<String, String> environment;
    private volatile String sessionContext;

    public Invocation(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
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
