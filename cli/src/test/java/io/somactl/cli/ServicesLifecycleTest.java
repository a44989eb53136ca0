package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.Invocation;
import io.somactl.core.services.Services;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Commands get their services from the root's invocation, and the command tree closes them after each run. */
class ServicesLifecycleTest {
    @TempDir
    Path home;

    @Test
    void eachRunGetsItsOwnServicesAndTheTreeClosesThemWhateverTheOutcome() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<Services> built = new ArrayList<>();
        Map<String, String> environment = Map.of(
                "HOME", home.toString(), "SOMACTL_REDIS_URI", "redis://127.0.0.1:" + port, "SOMACTL_TIMEOUT", "1s");
        SomactlRoot root = new SomactlRoot(new Invocation(environment, settings -> {
            Services services = new Services(settings);
            built.add(services);
            return services;
        }));
        StringWriter err = new StringWriter();
        CommandLine tree = CommandTree.create(root, new PrintWriter(new StringWriter()), new PrintWriter(err));

        assertEquals(0, tree.execute("config", "view"));
        assertTrue(built.isEmpty(), "a command that needs no server builds no services");

        assertEquals(ExitCode.UNAVAILABLE, tree.execute("budget", "show"), err.toString());
        assertEquals(1, built.size());
        assertThrows(IllegalStateException.class, built.get(0)::redis, "closed after a failed run too");

        tree.execute("budget", "show");
        assertEquals(2, built.size(), "the next run on the same tree (the shell) builds new ones");
        assertNotSame(built.get(0), built.get(1));
        assertThrows(IllegalStateException.class, built.get(1)::clickHouse);
    }
}
