package io.somactl.core.testing;

import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.clickhouse.Sql;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;

/**
 * Removes the databases and Kafka topics that earlier test JVMs left in the local stack. Every test
 * name carries the PID of its JVM ({@link LocalStack#freshDatabase}); only names whose JVM is gone
 * are removed, so tests running at the same time (another checkout, another module) keep theirs.
 * Without this a developer's broker collects thousands of topics over a day of test runs.
 */
final class TestLeftovers {
    private static final Pattern TEST_NAME = Pattern.compile("t_[A-Za-z0-9]+_(\\d+)_\\d+");

    private TestLeftovers() {
    }

    static void removeThoseOfDeadJvms(LocalStack stack) {
        try {
            HttpClickHouse clickHouse = new HttpClickHouse(stack.clickHouse("default"));
            for (List<String> row : clickHouse.select("SELECT name FROM system.databases")) {
                String database = row.get(0);
                if (ofDeadJvm(database)) {
                    clickHouse.execute("DROP DATABASE IF EXISTS " + Sql.identifier(database));
                }
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
                List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(topic -> ofDeadJvm(topic.substring(0, topic.indexOf('.') < 0 ? topic.length() : topic.indexOf('.'))))
                        .toList();
                if (!topics.isEmpty()) {
                    admin.deleteTopics(topics).all().get(120, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            // tidying is a courtesy: a failure here must not fail the tests
            System.err.println("note: could not remove earlier test runs' leftovers: " + e);
        }
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
