package io.somactl.core.redis;

import io.lettuce.core.RedisURI;
import io.somactl.core.Secret;
import io.somactl.core.config.ConfigException;
import java.time.Duration;

/** Where Redis is ({@code redis://host:port/db}, {@code rediss://} for TLS), its password and key prefix. */
public record RedisSettings(String uri, Secret password, String keyPrefix, Duration timeout) {

    public RedisURI redisUri() {
        RedisURI parsed;
        try {
            parsed = RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("redis.uri '" + uri + "' is not a Redis URI (example: redis://127.0.0.1:16379)", e);
        }
        if (password.isSet()) {
            parsed.setCredentialsProvider(io.lettuce.core.RedisCredentialsProvider.from(
                    () -> io.lettuce.core.RedisCredentials.just(null, password.reveal())));
        }
        parsed.setTimeout(timeout);
        return parsed;
    }

    /** The address without credentials, for messages. */
    public String address() {
        RedisURI parsed = redisUri();
        return parsed.getHost() + ":" + parsed.getPort();
    }
}
