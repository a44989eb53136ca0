package io.somactl.core.ingest.metrics;

/**
 * Writes the Prometheus text exposition format 0.0.4 by hand: a {@code # HELP} and a {@code # TYPE}
 * line per metric family, then its samples, one per line, each line ending in {@code \n}.
 */
final class PrometheusText {
    private final StringBuilder out;

    PrometheusText(StringBuilder out) {
        this.out = out;
    }

    void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    void sample(String name, long value) {
        out.append(name).append(' ').append(value).append('\n');
    }

    void sample(String name, String value) {
        out.append(name).append(' ').append(value).append('\n');
    }

    void sample(String name, String label, String labelValue, long value) {
        out.append(name)
                .append('{')
                .append(label)
                .append("=\"")
                .append(escapeLabelValue(labelValue))
                .append("\"} ")
                .append(value)
                .append('\n');
    }

    void sample(String name, String label1, String value1, String label2, String value2, String value) {
        out.append(name)
                .append('{')
                .append(label1)
                .append("=\"")
                .append(escapeLabelValue(value1))
                .append("\",")
                .append(label2)
                .append("=\"")
                .append(escapeLabelValue(value2))
                .append("\"} ")
                .append(value)
                .append('\n');
    }

    /** Label values escape backslash, double quote and line feed ({@code \\}, {@code \"}, {@code \n}). */
    static String escapeLabelValue(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '"' -> escaped.append("\\\"");
                case '\n' -> escaped.append("\\n");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Help text escapes backslash and line feed only. */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
