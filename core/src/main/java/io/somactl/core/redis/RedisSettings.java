package io.somactl.core.redis;

import io.lettuce.core.RedisURI;
import io.somactl.core.Secret;
import io.somactl.core.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Redis is ({@code redis://host:port/db}, {@code rediss://} for TLS), its password, key prefix,
 * and whether it is a Redis Cluster: then {@code uri} lists one or more seed nodes, comma-separated
 * ({@code redis://10.0.0.1:7000,redis://10.0.0.2:7000}), and Lettuce discovers the rest.
 */
public record RedisSettings(String uri, Secret password, String keyPrefix, Duration timeout, boolean cluster) {

    public RedisSettings(String uri, Secret password, String keyPrefix, Duration timeout) {
        this(uri, password, keyPrefix, timeout, false);
    }

    public RedisSettings withTimeout(Duration otherTimeout) {
        return new RedisSettings(uri, password, keyPrefix, otherTimeout, cluster);
    }

    /** The first (for a single server, the only) URI. */
    public RedisURI redisUri() {
        return redisUris().get(0);
    }

    public List<RedisURI> redisUris() {
        List<RedisURI> uris = new ArrayList<>();
        for (String one : cluster ? uri.split(",") : new String[] {uri}) {
            uris.add(parse(one.strip()));
        }
        return uris;
    }

    private RedisURI parse(String text) {
        RedisURI parsed;
        try {
            parsed = RedisURI.create(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "redis.uri '" + text + "' is not a Redis URI (example: redis://127.0.0.1:16379"
                            + (cluster ? "; for a cluster, seed nodes separated by commas" : "") + ")",
                    e);
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
        return parsed.getHost() + ":" + parsed.getPort() + (cluster ? " (cluster)" : "");
    }
}
