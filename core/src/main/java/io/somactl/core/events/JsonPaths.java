package io.somactl.core.events;

/**
 * JSONPath of a top-level field, written the way the schema library (networknt, PathType.JSON_PATH)
 * writes it: {@code $.name} for a name of letters, digits and underscores (and any non-ASCII
 * character) not starting with a digit, else {@code $['name']} with {@code '} and the control
 * characters \b \t \n \f \r escaped.
 */
final class JsonPaths {

    private JsonPaths() {}

    static String field(String name) {
        if (isShorthand(name)) {
            return "$." + name;
        }
        // networknt throws for an empty name; JSONPath writes it $['']
        StringBuilder path = new StringBuilder(name.length() + 6).append("$['");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '\'' -> path.append("\\'");
                case '\b' -> path.append("\\b");
                case '\t' -> path.append("\\t");
                case '\n' -> path.append("\\n");
                case '\f' -> path.append("\\f");
                case '\r' -> path.append("\\r");
                default -> path.append(c);
            }
        }
        return path.append("']").toString();
    }

    private static boolean isShorthand(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 0x80
                    || c == '_'
                    || (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
