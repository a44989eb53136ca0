package io.somactl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Tab completion in the shell from picocli's own completion engine, the one the bash, zsh and fish
 * scripts are generated from: subcommands, options, and option values (enum constants and
 * completion candidates, e.g. {@code spend --by <Tab>}); plus, where a value names something on the
 * servers (a tenant, persona, model, topic or context), the live values ({@link LiveValues}).
 */
final class CommandTreeCompleter implements Completer {
    /** Which live values a parameter takes, by its label. */
    private static final Map<String, LiveValues.Kind> BY_LABEL = Map.of(
            "TENANT", LiveValues.Kind.TENANTS,
            "PERSONA", LiveValues.Kind.PERSONAS,
            "MODEL", LiveValues.Kind.MODELS,
            "TOPIC", LiveValues.Kind.TOPICS);
    /** The commands whose NAME parameter is a context. */
    private static final Set<String> CONTEXT_COMMANDS = Set.of("use-context", "delete-context", "set-context");

    private final CommandSpec spec;
    private final LiveValues live;

    CommandTreeCompleter(CommandLine tree, LiveValues live) {
        this.spec = tree.getCommandSpec();
        this.live = live;
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
        if (live != null) {
            kind(spec, List.of(words), line.wordIndex()).ifPresent(kind -> {
                for (String value : live.values(kind)) {
                    candidates.add(new Candidate(value));
                }
            });
        }
    }

    /** The kind of live value the word at {@code index} is, if it is the value of a TENANT, PERSONA, ... parameter. */
    static Optional<LiveValues.Kind> kind(CommandSpec root, List<String> words, int index) {
        CommandSpec command = root;
        OptionSpec pending = null;
        int positionals = 0;
        for (int i = 0; i < index && i < words.size(); i++) {
            String word = words.get(i);
            if (pending != null) {
                pending = null;
            } else if (positionals == 0 && command.subcommands().containsKey(word)) {
                command = command.subcommands().get(word).getCommandSpec();
            } else if (word.startsWith("-")) {
                OptionSpec option = command.findOption(word);
                pending = option != null && option.arity().max() > 0 ? option : null;
            } else {
                positionals++;
            }
        }
        String current = index < words.size() ? words.get(index) : "";
        ArgSpec arg = pending;
        if (arg == null && !current.startsWith("-")) {
            for (PositionalParamSpec positional : command.positionalParameters()) {
                if (positional.index().contains(positionals)) {
                    arg = positional;
                    break;
                }
            }
        }
        if (arg == null) {
            return Optional.empty();
        }
        if (arg instanceof OptionSpec option && option.longestName().equals("--context")
                || arg instanceof PositionalParamSpec && CONTEXT_COMMANDS.contains(command.name())) {
            return Optional.of(LiveValues.Kind.CONTEXTS);
        }
        return Optional.ofNullable(BY_LABEL.get(arg.paramLabel()));
    }
}
