package io.somactl.core.clickhouse;

import java.util.regex.Pattern;

/**
 * The one way values and names reach SQL text. Every string literal goes through {@link #quote};
 * every table, column, database or cluster name goes through {@link #identifier}. The escaping is
 * the one ClickHouse's parser defines for single-quoted literals, the same in 18.16 and today.
 */
public final class Sql {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private Sql() {}

    /** A single-quoted ClickHouse string literal whose value is exactly {@code value}. */
    public static String quote(String value) {
        StringBuilder literal = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> literal.append("\\\\");
                case '\'' -> literal.append("\\'");
                case '\0' -> literal.append("\\0");
                case '\b' -> literal.append("\\b");
                case '\f' -> literal.append("\\f");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        literal.append(String.format("\\x%02X", (int) c));
                    } else {
                        literal.append(c);
                    }
                }
            }
        }
        return literal.append('\'').toString();
    }

    /**
     * A database, table, column or cluster name, checked against the only shape somactl accepts:
     * ASCII letters, digits and underscores, not starting with a digit, at most 63 characters.
     */
    public static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid ClickHouse name: " + printable(name)
                    + " (use letters, digits and _, starting with a letter or _, at most 63 characters)");
        }
        return name;
    }

    public static boolean isIdentifier(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }

    /** A qualified {@code database.table} name, both parts checked. */
    public static String table(String database, String table) {
        return identifier(database) + "." + identifier(table);
    }

    private static String printable(String name) {
        if (name == null) {
            return "(none)";
        }
        String shown = name.length() > 80 ? name.substring(0, 80) + "…" : name;
        return '"' + shown.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
