package io.somactl.cli;

import io.somactl.core.events.Topic;
import io.somactl.core.testing.IngestFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts {@code somactl ingest} as a real process against an {@link IngestFixture}'s own topics, database and keys. */
final class IngestProcess {
    private IngestProcess() {}

    /** The process writes its output to {@code home/logName.log} and runs with {@code home} as its HOME and directory. */
    static Process start(IngestFixture fixture, Path home, String logName, List<String> arguments) throws IOException {
        return start(fixture, home, logName, arguments, Map.of());
    }

    /** As above, with more environment variables (e.g. SOMACTL_POSTGRES_URL). */
    static Process start(
            IngestFixture fixture, Path home, String logName, List<String> arguments, Map<String, String> more)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("ingest"));
        command.addAll(arguments);
        return SomactlProcess.start(fixture, home, logName, command, more);
    }

    /** Waits until ClickHouse holds more rows of slm.metrics than {@code before}; -1 if the worker exited first. */
    static long waitForMoreRows(IngestFixture fixture, long before, Process worker) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            long rows = fixture.count(Topic.SLM_METRICS);
            if (rows > before) {
                return rows;
            }
            if (!worker.isAlive()) {
                return -1;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the worker stored nothing new within 2 minutes");
    }
}
