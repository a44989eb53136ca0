package io.somactl.core.clickhouse.block;

/** A value a ClickHouse column's type cannot hold exactly, e.g. 70000 for a UInt16. */
public final class ColumnValueException extends IllegalArgumentException {
    public ColumnValueException(String column, String type, String what) {
        super("column " + column + " (" + type + ") cannot hold " + what);
    }
}
