package io.somactl.core.doctor;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.somactl.core.redis.RedisSettings;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class RedisHealthCheck implements HealthCheck {
    private static final Pattern VERSION = Pattern.compile("redis_version:(\\S+)");
    private final RedisSettings settings;

    public RedisHealthCheck(RedisSettings settings) {
        this.settings = settings;
    }

    @Override
    public String server() {
        return "redis";
    }

    @Override
    public String address() {
        return settings.uri();
    }

    @Override
    public HealthReport check() {
        RedisClient client = null;
        try {
            client = RedisClient.create(settings.redisUri());
            client.setOptions(io.lettuce.core.ClientOptions.builder()
                    .socketOptions(io.lettuce.core.SocketOptions.builder()
                            .connectTimeout(settings.timeout())
                            .build())
                    .autoReconnect(false)
                    .build());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                long start = System.nanoTime();
                connection.sync().ping();
                Duration latency = Duration.ofNanos(System.nanoTime() - start);
                Matcher matcher = VERSION.matcher(connection.sync().info("server"));
                return HealthReport.up(server(), address(), matcher.find() ? matcher.group(1) : "?", latency);
            }
        } catch (RuntimeException e) {
            return HealthReport.down(server(), address(), Problems.describe(e));
        } finally {
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }
}
