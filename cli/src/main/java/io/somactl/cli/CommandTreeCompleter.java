package io.somactl.cli;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Tab completion in the shell from picocli's own completion engine, the one the bash, zsh and fish
 * scripts are generated from: subcommands, options, and option values (enum constants and
 * completion candidates, e.g. {@code spend --by <Tab>}).
 */
final class CommandTreeCompleter implements Completer {
    private final CommandLine.Model.CommandSpec spec;

    CommandTreeCompleter(CommandLine tree) {
        this.spec = tree.getCommandSpec();
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String[] words = line.words().toArray(String[]::new);
        List<CharSequence> found = new ArrayList<>();
        // position 0 in the word: picocli offers whole words and JLine keeps those the word starts with
        AutoComplete.complete(spec, words, line.wordIndex(), 0, line.cursor(), found);
        for (CharSequence word : found) {
            candidates.add(new Candidate(word.toString()));
        }
    }
}
