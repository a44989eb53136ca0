package io.somactl.commands.support;

import io.somactl.core.text.Printable;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Shell completion scripts made from the command tree itself: bash by picocli's AutoComplete, zsh
 * as that same script under bashcompinit, fish by walking the tree. The build writes them; the
 * {@code completion} command prints them; a test fails when completions/ drifts from them.
 */
public final class CompletionGenerator {
    public static final List<String> SHELLS = List.of("bash", "zsh", "fish");

    private CompletionGenerator() {}

    public static String script(String shell, CommandLine root) {
        return switch (shell) {
            case "bash" -> bash(root);
            case "zsh" ->
                "#compdef " + root.getCommandName() + "\n"
                        + "autoload -U +X compinit && compinit\n"
                        + "autoload -U +X bashcompinit && bashcompinit\n"
                        + bash(root);
            case "fish" -> fish(root);
            default ->
                throw new IllegalArgumentException(
                        "no completion for shell " + Printable.quote(shell) + " (bash, zsh, fish)");
        };
    }

    /** The file name each script is checked in under, in completions/. */
    public static String fileName(String shell, CommandLine root) {
        return root.getCommandName() + "." + shell;
    }

    private static String bash(CommandLine root) {
        return AutoComplete.bash(root.getCommandName(), root);
    }

    private static String fish(CommandLine root) {
        String name = root.getCommandName();
        StringBuilder script = new StringBuilder()
                .append("# fish completion for ")
                .append(name)
                .append(", generated from the command tree; do not edit.\n")
                .append("complete -c ")
                .append(name)
                .append(" -f\n");
        fishCommand(script, name, root.getCommandSpec(), List.of());
        return script.toString();
    }

    private static void fishCommand(StringBuilder script, String program, CommandSpec spec, List<String> path) {
        String here =
                path.isEmpty() ? "__fish_use_subcommand" : "__fish_seen_subcommand_from " + path.get(path.size() - 1);
        Map<String, CommandLine> subcommands = spec.subcommands();
        String notYetChosen = subcommands.isEmpty()
                ? ""
                : "; and not __fish_seen_subcommand_from " + String.join(" ", subcommands.keySet());
        for (Map.Entry<String, CommandLine> sub : subcommands.entrySet()) {
            script.append("complete -c ")
                    .append(program)
                    .append(" -n '")
                    .append(here)
                    .append(notYetChosen)
                    .append("' -a ")
                    .append(sub.getKey())
                    .append(" -d ")
                    .append(quote(firstLine(sub.getValue().getCommandSpec())))
                    .append('\n');
        }
        if (!path.isEmpty()) {
            for (OptionSpec option : spec.options()) {
                script.append("complete -c ")
                        .append(program)
                        .append(" -n '")
                        .append(here)
                        .append("'");
                for (String optionName : option.names()) {
                    script.append(
                            optionName.startsWith("--")
                                    ? " -l " + optionName.substring(2)
                                    : " -s " + optionName.substring(1));
                }
                if (option.arity().max() > 0) {
                    script.append(" -r");
                    if (option.completionCandidates() != null) {
                        script.append(" -a ").append(quote(String.join(" ", option.completionCandidates())));
                    }
                }
                String description = option.description().length > 0 ? option.description()[0] : "";
                script.append(" -d ").append(quote(description)).append('\n');
            }
        }
        for (Map.Entry<String, CommandLine> sub : subcommands.entrySet()) {
            List<String> deeper = new java.util.ArrayList<>(path);
            deeper.add(sub.getKey());
            fishCommand(script, program, sub.getValue().getCommandSpec(), deeper);
        }
    }

    private static String firstLine(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        return description.length > 0 ? description[0] : "";
    }

    private static String quote(String text) {
        String plain = text.replaceAll("\\$\\{[A-Z-]+}", "").strip();
        return "'" + plain.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
