package io.somactl.core.ingest;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import io.somactl.core.clickhouse.block.NativeBlock;
import io.somactl.core.clickhouse.block.NativeColumn;
import io.somactl.core.clickhouse.block.NativeColumns;
import java.util.ArrayList;
import java.util.List;

/** The insertable columns of an event table, as ClickHouse describes them: name, type, and whether it has a default. */
record TableLayout(String table, List<Column> columns) {

    record Column(String name, String type, boolean hasDefaultExpression) {}

    /** Reads the table's columns, skipping MATERIALIZED and ALIAS ones (ClickHouse computes those). */
    static TableLayout describe(ClickHouse clickHouse, String table) {
        List<Column> columns = new ArrayList<>();
        for (List<String> row : clickHouse.select("DESCRIBE TABLE " + Sql.identifier(table))) {
            String defaultKind = row.size() > 2 ? row.get(2) : "";
            if (defaultKind.equals("MATERIALIZED") || defaultKind.equals("ALIAS")) {
                continue;
            }
            columns.add(new Column(row.get(0), row.get(1), defaultKind.equals("DEFAULT")));
        }
        return new TableLayout(table, List.copyOf(columns));
    }

    /**
     * The columns a {@code CREATE TABLE ... (...)} statement for {@code table} in {@code ddl}
     * declares, one per line as somactl's migrations write them. For checks and rehearsals that
     * have no server; a running worker asks ClickHouse instead.
     */
    static TableLayout declaredIn(String ddl, String table) {
        int create = ddl.indexOf("." + table + " ");
        int open = create < 0 ? -1 : ddl.indexOf("\n(", create);
        if (open < 0) {
            throw new IllegalArgumentException("no CREATE TABLE for " + table);
        }
        List<Column> columns = new ArrayList<>();
        for (String line : ddl.substring(open + 2).split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith(")")) {
                break;
            }
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            int space = trimmed.indexOf(' ');
            String type = trimmed.substring(space + 1).replaceAll(",$", "");
            columns.add(new Column(trimmed.substring(0, space), type, type.contains(" DEFAULT ")));
        }
        return new TableLayout(table, List.copyOf(columns));
    }

    NativeBlock newBlock(List<Column> written) {
        List<NativeColumn> block = new ArrayList<>(written.size());
        for (Column column : written) {
            block.add(NativeColumns.of(column.name(), column.type()));
        }
        return new NativeBlock(block);
    }
}
