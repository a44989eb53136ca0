package io.somactl.core.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.somactl.core.ServerUnreachableException;
import java.time.Duration;

/**
 * One connection to Redis through Lettuce. Callers use the commands that a single server and a
 * Redis Cluster share ({@link RedisClusterAsyncCommands}), so the same code runs on both.
 */
public final class RedisConnection implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisConnection(RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
    }

    public static RedisConnection open(RedisSettings settings) {
        RedisClient client = RedisClient.create(settings.redisUri());
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .build());
        try {
            return new RedisConnection(client, client.connect());
        } catch (RedisConnectionException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw new ServerUnreachableException("Redis", settings.address(), e);
        }
    }

    public RedisClusterAsyncCommands<String, String> async() {
        return connection.async();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
