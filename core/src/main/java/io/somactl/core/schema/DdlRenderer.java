package io.somactl.core.schema;

import io.somactl.core.clickhouse.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a migration's text into the statements to send: fills in {@code ${database}} and
 * {@code ${on_cluster}}. On a cluster every table {@code T} of a migration becomes two, so that
 * the rest of somactl reads and writes {@code T} as on one server:
 * <ul>
 *   <li>{@code T_local} on every node, its {@code ENGINE = …MergeTree} turned into the
 *       {@code Replicated…MergeTree} twin keyed by the {@code {shard}} and {@code {replica}} macros;</li>
 *   <li>{@code T}, a {@code Distributed} table over the {@code T_local} of every shard, which sends each
 *       inserted row to the shard of its sharding key ({@link #shardingKey}) and reads every shard.</li>
 * </ul>
 * Materialized views read and write the local tables ({@code FROM T_local}, {@code TO R_local}), so
 * each shard rolls up its own rows and the rollup's {@code Distributed} table reads them all. An
 * {@code ALTER TABLE T … ADD COLUMN} alters {@code T_local} and then recreates {@code T} from it:
 * ClickHouse 18.16 refuses {@code ALTER … ON CLUSTER} of a Distributed table when the shards are
 * replicated, and a Distributed table holds no rows of its own (inserts are synchronous).
 */
public final class DdlRenderer {
    /** Suffix of the replicated table on each node behind the Distributed table of the same name. */
    public static final String LOCAL_SUFFIX = "_local";

    private static final Pattern TABLE_NAME = Pattern.compile(
            "CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?\\$\\{database}\\.(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern VIEW = Pattern.compile("^CREATE\\s+MATERIALIZED\\s+VIEW\\s", Pattern.CASE_INSENSITIVE);
    private static final Pattern VIEW_SOURCES =
            Pattern.compile("(\\b(?:TO|FROM|JOIN)\\s+\\$\\{database}\\.)(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ADD_COLUMN = Pattern.compile(
            "^ALTER\\s+TABLE\\s+\\$\\{database}\\.(\\w+)(\\s.*\\sADD\\s+COLUMN\\s.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TENANT_COLUMN = Pattern.compile("(?m)^\\s*\\(?\\s*tenant\\s");
    /**
     * Sharding keys of the tables without a tenant column. Every table with one is sharded by
     * {@code cityHash64(tenant)}: a tenant's rows, and so its rollups, live on one shard.
     */
    private static final java.util.Map<String, String> OTHER_SHARDING_KEYS = java.util.Map.of(
            "model_scores",
            "cityHash64(dimension, scope_value)",
            "anomaly_flags",
            "cityHash64(subject_kind, subject)",
            "billing_exports",
            "cityHash64(export_id)",
            "reprice_runs",
            "cityHash64(reprice_id)",
            MigrationRunner.RECORD_TABLE,
            "version");

    private static final Pattern ENGINE = Pattern.compile("ENGINE\\s*=\\s*(\\w*)MergeTree(?:\\(([^)]*)\\))?");

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
            rendered.addAll(render(statement));
        }
        return rendered;
    }

    /** One statement of a migration as the statements to send (more than one on a cluster). */
    public List<String> render(String statement) {
        if (!clustered()) {
            return List.of(fill(statement));
        }
        Matcher table = TABLE_NAME.matcher(statement);
        if (table.find() && ENGINE.matcher(statement).find()) {
            String name = table.group(1);
            String local =
                    statement.substring(0, table.start(1)) + name + LOCAL_SUFFIX + statement.substring(table.end(1));
            return List.of(
                    fill(replicate(local, name + LOCAL_SUFFIX)), fill(distributed(name, shardingKey(name, statement))));
        }
        if (VIEW.matcher(statement).find()) {
            return List.of(fill(VIEW_SOURCES.matcher(statement).replaceAll("$1$2" + LOCAL_SUFFIX)));
        }
        Matcher alter = ADD_COLUMN.matcher(statement);
        if (alter.matches()) {
            String name = alter.group(1);
            String local = "ALTER TABLE ${database}." + name + LOCAL_SUFFIX + alter.group(2);
            return List.of(
                    fill(local),
                    fill("DROP TABLE IF EXISTS ${database}." + name + " ${on_cluster}"),
                    fill(distributed(name, shardingKey(name, null))));
        }
        return List.of(fill(statement));
    }

    /** The Distributed table {@code name} over {@code name_local} of every shard. */
    private String distributed(String name, String shardingKey) {
        return "CREATE TABLE IF NOT EXISTS ${database}." + name + " ${on_cluster} AS ${database}." + name + LOCAL_SUFFIX
                + " ENGINE = Distributed(" + cluster + ", " + database + ", " + name + LOCAL_SUFFIX + ", " + shardingKey
                + ")";
    }

    /**
     * Which shard a row of {@code table} goes to: {@code cityHash64(tenant)} when it has a tenant column
     * (all event tables, rollups and budget tables), else the key listed for it. {@code createStatement}
     * null: the table's key must be known without its columns (an ALTER of an event table).
     */
    static String shardingKey(String table, String createStatement) {
        String other = OTHER_SHARDING_KEYS.get(table);
        if (other != null) {
            return other;
        }
        if (createStatement == null || TENANT_COLUMN.matcher(createStatement).find()) {
            return "cityHash64(tenant)";
        }
        throw new IllegalStateException("table " + table + " has no tenant column and no sharding key in DdlRenderer:"
                + " a new migration's table needs one to run on a cluster");
    }

    private String fill(String statement) {
        return statement
                .replace("${database}", database)
                .replace("${on_cluster}", clustered() ? "ON CLUSTER " + cluster : "");
    }

    private String replicate(String statement, String table) {
        String zooKeeperPath = "'/clickhouse/tables/{shard}/" + database + "." + table + "'";
        Matcher engine = ENGINE.matcher(statement);
        StringBuilder out = new StringBuilder();
        while (engine.find()) {
            String variant = engine.group(1);
            String arguments = engine.group(2) == null || engine.group(2).isBlank() ? "" : ", " + engine.group(2);
            String replacement = variant.startsWith("Replicated")
                    ? engine.group()
                    : "ENGINE = Replicated" + variant + "MergeTree(" + zooKeeperPath + ", '{replica}'" + arguments
                            + ")";
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
