package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.commands.support.ExitCode;
import io.somactl.core.testing.LocalStack;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ExitCode.Code is the one list of exit codes: README's table and every --help come from it. */
class ExitCodesDocumentedTest {

    @Test
    void readmeTableIsTheEnumsTable() throws Exception {
        String readme = Files.readString(LocalStack.projectRoot().resolve("README.md"));
        int section = readme.indexOf("### Exit codes");
        assertTrue(section >= 0, "README has no 'Exit codes' section");
        int start = readme.indexOf("| code | meaning |", section);
        int end = readme.indexOf("\n\n", start);
        assertEquals(
                ExitCode.readmeTable(),
                readme.substring(start, end + 1),
                "README's exit-code table differs from ExitCode.Code: paste ExitCode.readmeTable() into README");
    }

    @Test
    void helpListsEveryCodeFromTheEnum() {
        Run help = Run.of(Map.of(), "spend", "--help");
        assertEquals(0, help.exitCode(), help.describe());
        for (ExitCode.Code code : ExitCode.Code.values()) {
            assertTrue(
                    help.out()
                            .matches("(?s).*\\n\\s*" + code.value() + "\\s+"
                                    + java.util.regex.Pattern.quote(code.help()) + "\\n.*"),
                    "spend --help lacks exit code " + code.value() + ":\n" + help.out());
        }
    }

    @Test
    void theIntConstantsAreTheEnumsValues() {
        assertEquals(ExitCode.Code.UNAVAILABLE.value(), ExitCode.UNAVAILABLE);
        assertEquals(3, ExitCode.UNAVAILABLE);
        assertEquals(130, ExitCode.INTERRUPTED);
    }
}
