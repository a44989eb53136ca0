package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.testing.LocalStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The build writes one man page per command (cli/target/man); each names its options and renders with man(1). */
class ManPagesTest {

    private static List<CommandSpec> commands(CommandSpec spec) {
        List<CommandSpec> all = new ArrayList<>(List.of(spec));
        for (CommandLine sub : spec.subcommands().values()) {
            if (sub.getCommandSpec().parent() == spec && !all.contains(sub.getCommandSpec())) {
                all.addAll(commands(sub.getCommandSpec()));
            }
        }
        return all.stream().distinct().toList();
    }

    @Test
    void theBuildGeneratedAPageForEveryCommand() throws Exception {
        Path built = LocalStack.projectRoot().resolve("cli/target/man");
        List<CommandSpec> commands = commands(CompletionScripts.tree().getCommandSpec());
        assertTrue(commands.size() > 40, "the tree has its commands: " + commands.size());
        for (CommandSpec command : commands) {
            Path page = built.resolve(ManPages.name(command) + ".1");
            assertTrue(Files.exists(page), page + " is missing: the build (process-classes) writes the man pages");
            assertEquals(ManPages.page(command), Files.readString(page), page + " is not what the command tree gives");
        }
        try (var listed = Files.list(built)) {
            assertEquals(commands.size(), listed.count(), "one page per command, no leftovers");
        }
    }

    @Test
    void aPageNamesTheCommandsOptionsAndItsSubcommandsPages() {
        CommandSpec top = CompletionScripts.tree().getSubcommands().get("top").getCommandSpec();
        String page = ManPages.page(top);
        assertTrue(page.startsWith(".TH \"SOMACTL\\-TOP\" 1"), page);
        assertTrue(page.contains("\\fB\\-\\-interval\\fR \\fIDURATION\\fR"), page);
        assertTrue(page.contains("(default: 5s)"), "defaults are filled in: " + page);
        String budget = ManPages.page(
                CompletionScripts.tree().getSubcommands().get("budget").getCommandSpec());
        assertTrue(budget.contains("\\fBsomactl\\-budget\\-show\\fR(1)"), budget);
    }

    @Test
    void manRendersThePagesWithoutWarnings() throws Exception {
        Path built = LocalStack.projectRoot().resolve("cli/target/man");
        for (String name : List.of("somactl.1", "somactl-top.1", "somactl-budget-show.1", "somactl-shell.1")) {
            Process groff = new ProcessBuilder(
                            "groff",
                            "-man",
                            "-Tutf8",
                            "-P-cbou",
                            "-ww",
                            built.resolve(name).toString())
                    .redirectErrorStream(false)
                    .start();
            String text = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String warnings = new String(groff.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(groff.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, groff.exitValue(), warnings);
            assertEquals("", warnings, name + " renders without warnings");
            assertTrue(text.contains("NAME") && text.contains("SYNOPSIS"), text);
        }
    }
}
