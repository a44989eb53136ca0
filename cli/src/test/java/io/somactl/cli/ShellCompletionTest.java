package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

/** Tab in {@code somactl shell} offers the command tree's words. */
class ShellCompletionTest {

    private static List<String> complete(String line) throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().dumb(true)
                .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()).build()) {
            var completer = ShellCommand.completer(CompletionScripts.tree());
            DefaultParser parser = new DefaultParser();
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).parser(parser).completer(completer).build();
            List<Candidate> candidates = new ArrayList<>();
            completer.complete(reader, parser.parse(line, line.length()), candidates);
            return candidates.stream().map(Candidate::value).toList();
        }
    }

    @Test
    void tabAfterAGroupOffersItsSubcommands() throws Exception {
        List<String> offered = complete("schema st");
        assertTrue(offered.contains("status"), "schema st<Tab> should offer status, offered " + offered);
    }

    @Test
    void tabAfterAnOptionOffersItsValues() throws Exception {
        List<String> offered = complete("spend --by ").stream().map(String::toLowerCase).toList();
        assertTrue(offered.containsAll(List.of("tenant", "persona", "model")), // as bash offers them (any case is accepted)
                "spend --by <Tab> should offer tenant, persona and model, offered " + offered);
    }

    @Test
    void tabAfterADashOffersTheCommandsOptions() throws Exception {
        List<String> offered = complete("ingest --thr");
        assertTrue(offered.contains("--threads"), "ingest --thr<Tab> should offer --threads, offered " + offered);
    }

    @Test
    void tabAtTheStartOffersTheCommands() throws Exception {
        List<String> offered = complete("bud");
        assertTrue(offered.contains("budget"), "bud<Tab> should offer budget, offered " + offered);
    }
}
