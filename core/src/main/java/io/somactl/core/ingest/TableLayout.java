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

    NativeBlock newBlock(List<Column> written) {
        List<NativeColumn> block = new ArrayList<>(written.size());
        for (Column column : written) {
            block.add(NativeColumns.of(column.name(), column.type()));
        }
        return new NativeBlock(block);
    }
}
