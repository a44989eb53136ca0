package io.somactl.core.clickhouse.block;

/** A column whose type somactl cannot write in the Native format. */
public final class UnsupportedColumnTypeException extends IllegalArgumentException {
    public UnsupportedColumnTypeException(String column, String type) {
        super("column " + column + " has type " + type + ", which somactl cannot write");
    }
}
