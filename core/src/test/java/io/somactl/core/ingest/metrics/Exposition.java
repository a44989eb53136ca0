package io.somactl.core.ingest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, as far as somactl writes it:
 * every line must be a HELP, a TYPE or a sample line, every family must have HELP then TYPE before
 * its samples, and a family's samples must be together.
 */
final class Exposition {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";
    private static final String LABEL_VALUE = "(?:[^\"\\\\\\n]|\\\\\\\\|\\\\\"|\\\\n)*";
    private static final String LABEL = LABEL_NAME + "=\"" + LABEL_VALUE + "\"";
    private static final String VALUE = "(?:[-+]?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|NaN|[-+]Inf)";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") ((?:[^\\\\\\n]|\\\\\\\\|\\\\n)*)");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE =
            Pattern.compile("(" + NAME + ")(?:\\{(" + LABEL + "(?:," + LABEL + ")*)\\})? (" + VALUE + ")");
    private static final Pattern ONE_LABEL = Pattern.compile("(" + LABEL_NAME + ")=\"(" + LABEL_VALUE + ")\"");

    record Sample(String name, Map<String, String> labels, String value) {
        double number() {
            return switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            };
        }
    }

    record Family(String name, String type, String help, List<Sample> samples) {}

    final Map<String, Family> families = new LinkedHashMap<>();

    static Exposition parse(String text) {
        assertTrue(text.endsWith("\n"), "the exposition should end with a newline");
        Exposition exposition = new Exposition();
        String pendingHelp = null;
        String pendingHelpName = null;
        Family current = null;
        int lineNumber = 0;
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            lineNumber++;
            String where = "line " + lineNumber + " `" + line + "`";
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                assertFalse(exposition.families.containsKey(m.group(1)), where + ": a second HELP for " + m.group(1));
                pendingHelpName = m.group(1);
                pendingHelp = m.group(2);
            } else if ((m = TYPE.matcher(line)).matches()) {
                String name = m.group(1);
                assertEquals(name, pendingHelpName, where + ": TYPE should follow the family's HELP line");
                assertFalse(exposition.families.containsKey(name), where + ": a second TYPE for " + name);
                current = new Family(name, m.group(2), pendingHelp, new ArrayList<>());
                exposition.families.put(name, current);
                pendingHelpName = null;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                if (current == null) {
                    fail(where + ": a sample before any HELP/TYPE");
                }
                String family = familyOf(m.group(1), current);
                assertEquals(current.name(), family, where + ": a sample outside its family's HELP/TYPE block");
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(2) != null) {
                    Matcher label = ONE_LABEL.matcher(m.group(2));
                    while (label.find()) {
                        assertFalse(labels.containsKey(label.group(1)), where + ": label repeated");
                        labels.put(label.group(1), unescape(label.group(2)));
                    }
                }
                current.samples().add(new Sample(m.group(1), labels, m.group(3)));
            } else {
                fail(where + " is not valid Prometheus text format 0.0.4");
            }
        }
        return exposition;
    }

    private static String familyOf(String sampleName, Family current) {
        if (current.type().equals("histogram")) {
            for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
                if (sampleName.equals(current.name() + suffix)) {
                    return current.name();
                }
            }
        }
        return sampleName;
    }

    static String unescape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                char next = value.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    Family family(String name) {
        Family family = families.get(name);
        if (family == null) {
            fail("the scrape has no metric " + name + "; it has " + families.keySet());
        }
        return family;
    }

    /** The value of the one sample of {@code name} whose labels include {@code label=value}. */
    double value(String family, String name, String label, String labelValue) {
        return family(family).samples().stream()
                .filter(s ->
                        s.name().equals(name) && labelValue.equals(s.labels().get(label)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + "{" + label + "=\"" + labelValue + "\"}"))
                .number();
    }

    double value(String name) {
        return family(name).samples().stream()
                .filter(s -> s.name().equals(name) && s.labels().isEmpty())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name))
                .number();
    }
}
