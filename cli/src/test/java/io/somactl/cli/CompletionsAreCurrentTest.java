package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.commands.support.CompletionGenerator;
import io.somactl.core.testing.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** completions/ is checked in for packagers; it must be exactly what the command tree generates. */
class CompletionsAreCurrentTest {

    @Test
    void checkedInCompletionScriptsMatchTheCommandTree() throws Exception {
        Path checkedIn = LocalStack.projectRoot().resolve("completions");
        CommandLine tree = CompletionScripts.tree();
        for (String shell : CompletionGenerator.SHELLS) {
            Path file = checkedIn.resolve(CompletionGenerator.fileName(shell, tree));
            assertTrue(Files.exists(file), file + " is missing: run bin/completions");
            assertEquals(
                    CompletionGenerator.script(shell, tree),
                    Files.readString(file),
                    file + " is out of date with the command tree: run bin/completions and commit the result");
        }
    }

    @Test
    void theCompletionCommandPrintsTheSameScript() {
        Run run = Run.of(Map.of(), "completion", "bash");
        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(CompletionGenerator.script("bash", CompletionScripts.tree()), run.out());
    }

    @Test
    void bashCompletionKnowsEverySubcommand() {
        String bash = CompletionGenerator.script("bash", CompletionScripts.tree());
        for (String word : new String[] {"doctor", "schema", "apply", "status", "topics", "create", "use-context"}) {
            assertTrue(bash.contains(word), "bash completion lacks " + word);
        }
    }
}
