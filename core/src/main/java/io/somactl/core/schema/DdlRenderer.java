package io.somactl.core.schema;

import io.somactl.core.clickhouse.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a migration's text into the statements to send: fills in {@code ${database}} and
 * {@code ${on_cluster}}, and on a cluster turns each {@code ENGINE = …MergeTree} into its
 * {@code Replicated…MergeTree} twin keyed by the {@code {shard}} and {@code {replica}} macros.
 */
public final class DdlRenderer {
    private static final Pattern TABLE_NAME = Pattern.compile(
            "CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?\\$\\{database}\\.(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENGINE = Pattern.compile(
            "ENGINE\\s*=\\s*(\\w*)MergeTree(?:\\(([^)]*)\\))?");

    private final String database;
    private final String cluster;

    /** {@code cluster} empty or null means a single server. */
    public DdlRenderer(String database, String cluster) {
        this.database = Sql.identifier(database);
        this.cluster = cluster == null || cluster.isBlank() ? "" : Sql.identifier(cluster);
    }

    public boolean clustered() {
        return !cluster.isEmpty();
    }

    public String database() {
        return database;
    }

    public List<String> statements(String migrationText) {
        List<String> rendered = new ArrayList<>();
        for (String statement : split(migrationText)) {
            rendered.add(render(statement));
        }
        return rendered;
    }

    public String render(String statement) {
        String replicated = clustered() ? replicate(statement) : statement;
        return replicated
                .replace("${database}", database)
                .replace("${on_cluster}", clustered() ? "ON CLUSTER " + cluster : "");
    }

    private String replicate(String statement) {
        Matcher table = TABLE_NAME.matcher(statement);
        if (!table.find()) {
            return statement;
        }
        String zooKeeperPath = "'/clickhouse/tables/{shard}/" + database + "." + table.group(1) + "'";
        Matcher engine = ENGINE.matcher(statement);
        StringBuilder out = new StringBuilder();
        while (engine.find()) {
            String variant = engine.group(1);
            String arguments = engine.group(2) == null || engine.group(2).isBlank() ? "" : ", " + engine.group(2);
            String replacement = variant.startsWith("Replicated") ? engine.group()
                    : "ENGINE = Replicated" + variant + "MergeTree(" + zooKeeperPath + ", '{replica}'" + arguments + ")";
            engine.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        engine.appendTail(out);
        return out.toString();
    }

    /** Statements end with {@code ;} at the end of a line; quoted text and comments are respected. */
    static List<String> split(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!inString && c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
                current.append('\n');
                continue;
            }
            if (c == '\'' && (i == 0 || text.charAt(i - 1) != '\\')) {
                inString = !inString;
            }
            if (c == ';' && !inString) {
                addIfNotBlank(statements, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        addIfNotBlank(statements, current);
        return statements;
    }

    private static void addIfNotBlank(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty()) {
            statements.add(text);
        }
    }
}
