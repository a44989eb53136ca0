package io.somactl.cli;

import io.somactl.core.testing.IngestFixture;
import java.io.IOException;
import java.nio.file.Path;
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
    static Process start(IngestFixture fixture, Path home, String logName, List<String> arguments, Map<String, String> more)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("ingest"));
        command.addAll(arguments);
        return SomactlProcess.start(fixture, home, logName, command, more);
    }
}
