package io.somactl.core.clickhouse;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JDK HTTP client per connect timeout for the whole process: every {@link HttpClickHouse}
 * (and its {@code withSetting} copies) shares its connection pool and its one selector thread.
 *
 * <p>{@link #closeAll()} matters at exit: a selector thread waiting in the kernel counts as a
 * thread "in native", and the JVM's exit waits up to 300 ms for such threads before it gives up.
 */
public final class SharedHttpClients {
    private static final Map<Duration, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private SharedHttpClients() {}

    static HttpClient forConnectTimeout(Duration timeout) {
        return CLIENTS.computeIfAbsent(
                timeout,
                t -> HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(t)
                        .build());
    }

    /** Stops every client and waits briefly for their threads; for the very end of the process. */
    public static void closeAll() {
        for (HttpClient client : CLIENTS.values()) {
            client.shutdownNow();
        }
        for (HttpClient client : CLIENTS.values()) {
            try {
                client.awaitTermination(Duration.ofMillis(200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        CLIENTS.clear();
    }
}
