package io.somactl.core.clickhouse;

import java.util.ArrayList;
import java.util.List;

/** Reads ClickHouse's TabSeparated output: one row a line, fields split by tabs, escapes undone. */
final class TabSeparated {
    private TabSeparated() {}

    static List<List<String>> parse(String body) {
        List<List<String>> rows = new ArrayList<>();
        int start = 0;
        while (start < body.length()) {
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = body.length();
            }
            rows.add(parseLine(body, start, end));
            start = end + 1;
        }
        return rows;
    }

    private static List<String> parseLine(String body, int start, int end) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = start; i < end; i++) {
            char c = body.charAt(i);
            if (c == '\t') {
                fields.add(finish(field));
                field.setLength(0);
            } else if (c == '\\' && i + 1 < end) {
                field.append(unescape(body.charAt(++i)));
            } else {
                field.append(c);
            }
        }
        fields.add(finish(field));
        return fields;
    }

    private static String finish(StringBuilder field) {
        String value = field.toString();
        return NULL_MARKER.equals(value) ? null : value;
    }

    // A lone \N field is NULL; unescape() maps it to this private-use sentinel so that a literal
    // backslash-N inside data (escaped as \\N) stays text.
    private static final String NULL_MARKER = "\uE000NULL";

    private static String unescape(char c) {
        return switch (c) {
            case 't' -> "\t";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case '0' -> "\0";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'N' -> NULL_MARKER;
            default -> String.valueOf(c);
        };
    }
}
