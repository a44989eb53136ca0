package io.somactl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Run by the build: one man page (troff, section 1) per command of the tree, from the same descriptions as
 * {@code --help}: {@code somactl.1}, {@code somactl-budget.1}, {@code somactl-budget-show.1}, ... Written
 * directly as man(7) macros so no AsciiDoc toolchain is needed; {@code bin/install-man} installs them.
 */
public final class ManPages {
    private ManPages() {}

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        Files.createDirectories(directory);
        for (Map.Entry<String, String> page : pages(CompletionScripts.tree()).entrySet()) {
            Files.writeString(directory.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** File name ({@code somactl-budget-show.1}) to page, for every command in the tree. */
    static Map<String, String> pages(CommandLine tree) {
        Map<String, String> pages = new java.util.TreeMap<>();
        add(tree.getCommandSpec(), pages);
        return pages;
    }

    /** {@code somactl-budget-show}: the page's name for a command. */
    static String name(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    private static void add(CommandSpec spec, Map<String, String> pages) {
        pages.put(name(spec) + ".1", page(spec));
        for (CommandLine sub : spec.subcommands().values()) {
            if (sub.getCommandSpec().parent() == spec
                    && !sub.getCommandSpec().usageMessage().hidden()) {
                if (!pages.containsKey(name(sub.getCommandSpec()) + ".1")) { // aliases map to the same command
                    add(sub.getCommandSpec(), pages);
                }
            }
        }
    }

    static String page(CommandSpec spec) {
        StringBuilder page = new StringBuilder();
        String title = name(spec).toUpperCase(java.util.Locale.ROOT);
        page.append(".TH ")
                .append(quote(title))
                .append(" 1 \"\" ")
                .append(quote("somactl " + version(spec)))
                .append(" \"somactl Manual\"\n");
        page.append(".SH NAME\n")
                .append(escape(name(spec)))
                .append(" \\- ")
                .append(escape(summary(spec)))
                .append('\n');
        page.append(".SH SYNOPSIS\n.B ").append(escape(spec.qualifiedName(" "))).append('\n');
        StringBuilder synopsis = new StringBuilder();
        if (!spec.subcommands().isEmpty()) {
            synopsis.append("COMMAND ");
        }
        if (!spec.options().isEmpty()) {
            synopsis.append("[OPTIONS] ");
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            boolean optional = positional.arity().min() == 0;
            synopsis.append(optional ? "[" : "")
                    .append(positional.paramLabel())
                    .append(positional.arity().max() > 1 ? "..." : "")
                    .append(optional ? "] " : " ");
        }
        page.append(escape(synopsis.toString().strip())).append('\n');
        page.append(".SH DESCRIPTION\n");
        for (String line : lines(spec.usageMessage().header())) {
            page.append(escape(line)).append("\n.PP\n");
        }
        for (String line : lines(spec.usageMessage().description())) {
            page.append(escape(line)).append('\n');
        }
        if (!spec.positionalParameters().isEmpty()) {
            page.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec positional : spec.positionalParameters()) {
                page.append(".TP\n.I ")
                        .append(escape(positional.paramLabel()))
                        .append('\n')
                        .append(escape(String.join(" ", interpolated(positional.description(), positional))))
                        .append('\n');
            }
        }
        if (!spec.subcommands().isEmpty()) {
            page.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
                CommandSpec child = sub.getValue().getCommandSpec();
                if (child.usageMessage().hidden() || !child.name().equals(sub.getKey())) {
                    continue;
                }
                page.append(".TP\n.B ")
                        .append(escape(child.name()))
                        .append('\n')
                        .append(escape(summary(child)))
                        .append(" See \\fB")
                        .append(escape(name(child)))
                        .append("\\fR(1).\n");
            }
        }
        List<OptionSpec> options =
                spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            page.append(".SH OPTIONS\n");
            for (OptionSpec option : options) {
                page.append(".TP\n")
                        .append(optionLine(option))
                        .append('\n')
                        .append(escape(String.join(" ", interpolated(option.description(), option))))
                        .append('\n');
            }
        }
        if (!spec.usageMessage().exitCodeList().isEmpty()) {
            page.append(".SH EXIT STATUS\n");
            for (Map.Entry<String, String> code :
                    spec.usageMessage().exitCodeList().entrySet()) {
                page.append(".TP\n.B ")
                        .append(escape(code.getKey().strip()))
                        .append('\n')
                        .append(escape(code.getValue().strip()))
                        .append('\n');
            }
        }
        page.append(".SH SEE ALSO\n");
        List<String> see = new ArrayList<>();
        if (spec.parent() != null) {
            see.add("\\fB" + escape(name(spec.parent())) + "\\fR(1)");
        }
        see.add("\\fBsomactl\\-shell\\fR(1)");
        page.append(String.join(", ", see.stream().distinct().toList())).append('\n');
        return page.toString();
    }

    private static String optionLine(OptionSpec option) {
        StringBuilder line = new StringBuilder();
        String[] names = option.names();
        for (int i = 0; i < names.length; i++) {
            line.append(i == 0 ? "" : ", ")
                    .append("\\fB")
                    .append(escape(names[i]))
                    .append("\\fR");
        }
        if (option.arity().max() > 0 && !option.paramLabel().isEmpty()) {
            line.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
        }
        return line.toString();
    }

    /** picocli's own rendering of ${DEFAULT-VALUE} and ${COMPLETION-CANDIDATES} in a description. */
    private static String[] interpolated(String[] description, CommandLine.Model.ArgSpec arg) {
        String[] out = new String[description.length];
        for (int i = 0; i < description.length; i++) {
            String text = description[i];
            text = text.replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValueString()));
            if (arg.completionCandidates() != null) {
                List<String> candidates = new ArrayList<>();
                arg.completionCandidates().forEach(candidates::add);
                text = text.replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates));
            }
            out[i] = text;
        }
        return out;
    }

    private static String summary(CommandSpec spec) {
        String[] header = lines(spec.usageMessage().header());
        String[] description = lines(spec.usageMessage().description());
        if (header.length > 0) {
            return header[0];
        }
        String text = String.join(" ", description);
        int sentence = text.indexOf(". ");
        return text.isEmpty() ? spec.name() : sentence > 0 ? text.substring(0, sentence + 1) : text;
    }

    private static String[] lines(String[] texts) {
        return texts == null
                ? new String[0]
                : java.util.Arrays.stream(texts)
                        .map(t -> t.replace("%n", " ").strip())
                        .filter(t -> !t.isEmpty())
                        .toArray(String[]::new);
    }

    private static String version(CommandSpec spec) {
        try {
            String[] version = spec.root().versionProvider() == null
                    ? spec.root().version()
                    : spec.root().versionProvider().getVersion();
            return version.length == 0 ? "" : version[0].replaceFirst("^somactl ", "");
        } catch (Exception e) {
            return "";
        }
    }

    /** Text safe in a man page: backslashes and hyphens escaped, no line starting with a control character. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }

    private static String quote(String text) {
        return "\"" + escape(text).replace("\"", "'") + "\"";
    }
}
