package io.somactl.core.completion;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.somactl.core.ServerUnreachableException;
import io.somactl.core.SomactlException;
import io.somactl.core.config.Settings;
import io.somactl.core.kafka.AdminSession;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.redis.RedisConnection;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Names that exist on the servers, for completion in the shell: tenants and personas from Redis (SCAN, never
 * KEYS), topics from Kafka. Tenants are those ingest counted ({@code {p:t}:ingest:applied}) and those with
 * budgets ({@code {p}:budget:tenants}); personas those with usage counters or budgets.
 */
public final class KnownNames {
    private static final int MAX = 10_000;

    private KnownNames() {}

    public static Set<String> tenants(Settings settings) {
        String prefix = settings.redis().keyPrefix();
        try (RedisConnection redis = RedisConnection.open(settings.redis())) {
            RedisClusterAsyncCommands<String, String> commands = redis.async();
            Set<String> tenants = scan(
                    commands,
                    "{" + glob(prefix) + ":*}:ingest:applied",
                    settings.timeout(),
                    key -> between(key, "{" + prefix + ":", "}"));
            tenants.addAll(await(commands.smembers("{" + prefix + "}:budget:tenants"), settings.timeout()));
            return tenants;
        }
    }

    public static Set<String> personas(Settings settings) {
        String prefix = settings.redis().keyPrefix();
        try (RedisConnection redis = RedisConnection.open(settings.redis())) {
            RedisClusterAsyncCommands<String, String> commands = redis.async();
            // {p:t}:usage:persona:<persona>:m:<yyyy-MM> (personas may hold ':', so cut from the end)
            Set<String> personas =
                    scan(commands, "{" + glob(prefix) + ":*}:usage:persona:*:m:*", settings.timeout(), key -> {
                        int start = key.indexOf("}:usage:persona:");
                        int end = key.lastIndexOf(":m:");
                        return start < 0 || end <= start
                                ? null
                                : key.substring(start + "}:usage:persona:".length(), end);
                    });
            for (String set :
                    scan(commands, "{" + glob(prefix) + ":*}:budget:personas", settings.timeout(), key -> key)) {
                personas.addAll(await(commands.smembers(set), settings.timeout()));
            }
            return personas;
        }
    }

    /** The telemetry topics that exist in Kafka, by their contract names ({@code slm.metrics}). */
    public static Set<String> topics(Settings settings) {
        TopicNames names = settings.topicNames();
        try (AdminSession admin = new AdminSession(settings.kafka(java.util.Map.of()))) {
            Set<String> found = new TreeSet<>();
            for (String name : await(admin.admin().listTopics().names(), settings.timeout())) {
                names.topicOf(name).ifPresent(topic -> found.add(topic.topicName()));
            }
            return found;
        }
    }

    private static Set<String> scan(
            RedisClusterAsyncCommands<String, String> redis,
            String pattern,
            Duration timeout,
            Function<String, String> name) {
        Set<String> found = new TreeSet<>();
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        KeyScanCursor<String> cursor = await(redis.scan(args), timeout);
        while (true) {
            for (String key : cursor.getKeys()) {
                String value = name.apply(key);
                if (value != null && !value.isEmpty()) {
                    found.add(value);
                }
            }
            if (cursor.isFinished() || found.size() >= MAX) {
                return found;
            }
            cursor = await(redis.scan(cursor, args), timeout); // the cursor itself: on a cluster it remembers the node
        }
    }

    private static String between(String key, String head, String tail) {
        if (!key.startsWith(head)) {
            return null;
        }
        int end = key.indexOf(tail, head.length());
        return end < 0 ? null : key.substring(head.length(), end);
    }

    private static String glob(String text) {
        return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    private static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            future.cancel(true);
            throw new ServerUnreachableException("a server", "(completion)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted", e);
        }
    }
}
