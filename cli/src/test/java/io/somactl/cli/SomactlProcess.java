package io.somactl.cli;

import io.somactl.core.testing.IngestFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts any somactl command as a real process against an {@link IngestFixture}'s own topics, database and keys. */
final class SomactlProcess {
    private SomactlProcess() {}

    /**
     * {@code arguments} start with the command ({@code ingest}, {@code replay}, …). The process writes its output to
     * {@code home/logName.log} and runs with {@code home} as its HOME and directory, with the bundled pricing
     * catalog unless an argument names another.
     */
    static Process start(IngestFixture fixture, Path home, String logName, List<String> arguments) throws IOException {
        return start(fixture, home, logName, arguments, Map.of());
    }

    /** As above, with more environment variables (e.g. SOMACTL_POSTGRES_URL). */
    static Process start(
            IngestFixture fixture, Path home, String logName, List<String> arguments, Map<String, String> more)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "io.somactl.cli.Main"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve(logName + ".log").toFile())
                .directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("SOMACTL_KAFKA_BOOTSTRAP_SERVER", fixture.stack.kafkaBootstrap());
        env.put("SOMACTL_KAFKA_TOPIC_PREFIX", fixture.topics.prefix());
        env.put("SOMACTL_CLICKHOUSE_URL", fixture.stack.clickHouseUrl().toString());
        env.put("SOMACTL_CLICKHOUSE_DATABASE", fixture.database);
        env.put("SOMACTL_REDIS_URI", fixture.stack.redisUri());
        env.put("SOMACTL_REDIS_KEY_PREFIX", fixture.redisPrefix);
        env.remove("SOMACTL_PRICING");
        env.putAll(more);
        return builder.start();
    }
}
