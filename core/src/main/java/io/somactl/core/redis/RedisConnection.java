package io.somactl.core.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.somactl.core.ServerUnreachableException;
import java.time.Duration;

/**
 * One connection to Redis through Lettuce: a single server, or a Redis Cluster through Lettuce's
 * cluster client ({@code redis.cluster=true}). Callers use the commands both share
 * ({@link RedisClusterAsyncCommands}), so the same code runs on both; multi-key scripts keep to
 * one tenant's hash tag, so they run on a cluster too.
 */
public final class RedisConnection implements AutoCloseable {
    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> commands;

    private RedisConnection(
            AbstractRedisClient client,
            StatefulConnection<String, String> connection,
            RedisClusterAsyncCommands<String, String> commands) {
        this.client = client;
        this.connection = connection;
        this.commands = commands;
    }

    public static RedisConnection open(RedisSettings settings) {
        return prepare(settings).connect();
    }

    /**
     * The client, created but not connected: local work only (no I/O), so a caller with a deadline
     * can do it before its clock starts ({@code budget check}).
     */
    public static Prepared prepare(RedisSettings settings) {
        // Lettuce records its connection events for Java Flight Recorder unless told not to: that loads about 100
        // JFR classes on every connect (a short command's start), for events nobody records.
        if (System.getProperty("io.lettuce.core.jfr") == null) {
            System.setProperty("io.lettuce.core.jfr", "false");
        }
        SocketOptions socket =
                SocketOptions.builder().connectTimeout(settings.timeout()).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(settings.timeout());
        if (settings.cluster()) {
            RedisClusterClient client = RedisClusterClient.create(settings.redisUris());
            client.setOptions(ClusterClientOptions.builder()
                    .socketOptions(socket)
                    .timeoutOptions(timeouts)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .build())
                    .build());
            return new Prepared(settings, client);
        }
        RedisClient client = RedisClient.create(settings.redisUri());
        client.setOptions(ClientOptions.builder()
                .socketOptions(socket)
                .timeoutOptions(timeouts)
                .build());
        return new Prepared(settings, client);
    }

    /** A created client; {@link #connect()} opens the connection (or shuts the client down and throws). */
    public static final class Prepared {
        private final RedisSettings settings;
        private final AbstractRedisClient client;

        private Prepared(RedisSettings settings, AbstractRedisClient client) {
            this.settings = settings;
            this.client = client;
        }

        public RedisConnection connect() {
            try {
                if (client instanceof RedisClusterClient cluster) {
                    StatefulRedisClusterConnection<String, String> connection = cluster.connect();
                    return new RedisConnection(client, connection, connection.async());
                }
                StatefulRedisConnection<String, String> connection = ((RedisClient) client).connect();
                return new RedisConnection(client, connection, connection.async());
            } catch (RuntimeException e) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
                if (e instanceof RedisConnectionException || settings.cluster()) {
                    throw new ServerUnreachableException("Redis", settings.address(), e);
                }
                throw e;
            }
        }

        /** Releases the client when {@link #connect()} is never called or never returns. */
        public void abandon() {
            client.shutdownAsync(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    public RedisClusterAsyncCommands<String, String> async() {
        return commands;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
