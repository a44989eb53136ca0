package io.somactl.core.testing;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.clickhouse.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;

/**
 * Removes what tests leave in the local stack: the ClickHouse databases, Kafka topics and Redis keys
 * named after {@link LocalStack#freshDatabase} names. Every name carries the PID of its JVM.
 *
 * <ul>
 *   <li>After each test class, {@link DropTestLeftovers} removes those the class made
 *       ({@link #removeThoseMadeSinceLastTime}).
 *   <li>When a JVM first starts the stack, those of JVMs that are gone (killed before their classes
 *       ended) are removed ({@link #removeThoseOfDeadJvms}); tests running at the same time (another
 *       checkout, another module) keep theirs.
 * </ul>
 * Without this a developer's servers collect thousands of databases and topics over a day of test runs.
 */
public final class TestLeftovers {
    private static final Pattern TEST_NAME = Pattern.compile("t_[A-Za-z0-9]+_(\\d+)_\\d+");
    private static final Set<String> MADE = ConcurrentHashMap.newKeySet();

    private TestLeftovers() {}

    static void madeByThisJvm(String name) {
        MADE.add(name);
    }

    /** Names this JVM made that are not yet removed. */
    static List<String> pending() {
        return List.copyOf(MADE);
    }

    /**
     * Drops the databases, topics ({@code NAME.…}) and Redis keys ({@code {NAME:…} / {NAME}…}) of every
     * name made since the last call. Test classes run one after another in a JVM, so these are the
     * names of the class that just ended.
     */
    public static void removeThoseMadeSinceLastTime() {
        List<String> names = pending();
        if (names.isEmpty()) {
            return;
        }
        LocalStack stack = LocalStack.ifUp();
        if (stack != null) { // names were made but no server was ever asked: nothing to remove
            remove(stack, names::contains);
        }
        names.forEach(MADE::remove);
    }

    static void removeThoseOfDeadJvms(LocalStack stack) {
        remove(stack, TestLeftovers::ofDeadJvm);
    }

    private static void remove(LocalStack stack, Predicate<String> ours) {
        try {
            HttpClickHouse clickHouse = new HttpClickHouse(stack.clickHouse("default"));
            for (List<String> row : clickHouse.select("SELECT name FROM system.databases")) {
                String database = row.get(0);
                if (ours.test(database)) {
                    clickHouse.execute("DROP DATABASE IF EXISTS " + Sql.identifier(database));
                }
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
                List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(topic -> ours.test(
                                topic.substring(0, topic.indexOf('.') < 0 ? topic.length() : topic.indexOf('.'))))
                        .toList();
                if (!topics.isEmpty()) {
                    admin.deleteTopics(topics).all().get(120, TimeUnit.SECONDS);
                }
            }
            removeRedisKeys(stack, ours);
            removePostgresSchemas(stack, ours);
        } catch (Exception e) {
            // tidying is a courtesy: a failure here must not fail the tests (a later run's sweep retries)
            System.err.println("note: could not remove test leftovers from the local stack: " + e);
        }
    }

    /** Keys of the usage and budget prefixes ({@code {t_…:tenant}…}, {@code {t_…}…}); SCAN, never FLUSH. */
    private static void removeRedisKeys(LocalStack stack, Predicate<String> ours) {
        RedisClient client = RedisClient.create(stack.redis("unused").redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            ScanArgs testKeys = ScanArgs.Builder.matches("{t_*").limit(1_000);
            ScanCursor cursor = ScanCursor.INITIAL;
            List<String> doomed = new ArrayList<>();
            do {
                KeyScanCursor<String> page = redis.scan(cursor, testKeys);
                for (String key : page.getKeys()) {
                    int end = firstOf(key, ':', '}');
                    if (end > 1 && ours.test(key.substring(1, end))) {
                        doomed.add(key);
                    }
                }
                cursor = page;
            } while (!cursor.isFinished());
            for (int i = 0; i < doomed.size(); i += 500) {
                redis.unlink(doomed.subList(i, Math.min(doomed.size(), i + 500)).toArray(String[]::new));
            }
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** The session tables' schemas (named like the test's ClickHouse database) in the stack's PostgreSQL, if it runs. */
    private static void removePostgresSchemas(LocalStack stack, Predicate<String> ours) {
        io.somactl.core.sessions.Postgres postgres =
                new io.somactl.core.sessions.Postgres(PostgresFixture.settings(stack));
        try (java.sql.Connection c = postgres.connect();
                java.sql.Statement s = c.createStatement()) {
            List<String> doomed = new ArrayList<>();
            try (java.sql.ResultSet r = s.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%'")) {
                while (r.next()) {
                    if (ours.test(r.getString(1))) {
                        doomed.add(r.getString(1));
                    }
                }
            }
            for (String schema : doomed) {
                s.execute("DROP SCHEMA IF EXISTS " + io.somactl.core.sessions.SessionStore.schemaName(schema)
                        + " CASCADE");
            }
            c.commit();
        } catch (RuntimeException | java.sql.SQLException e) {
            // a stack without PostgreSQL (or an older one) has nothing of ours there
        }
    }

    private static int firstOf(String key, char a, char b) {
        for (int i = 1; i < key.length(); i++) {
            if (key.charAt(i) == a || key.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean ofDeadJvm(String name) {
        Matcher matcher = TEST_NAME.matcher(name);
        if (!matcher.matches()) {
            return false;
        }
        long pid = Long.parseLong(matcher.group(1));
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isEmpty() || !process.get().isAlive();
    }
}
