package io.somactl.commands.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a command shows: named columns and typed rows. How it looks (aligned text, JSON, CSV, YAML)
 * is the renderer's business, so every command gets every format for free.
 */
public final class Table {
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    private Table(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    /** Column names in lower snake case: {@code applied_at}; shown as APPLIED_AT in a table. */
    public static Table withColumns(String... columns) {
        return new Table(Arrays.asList(columns));
    }

    public Table row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(
                    "row has " + values.length + " values for " + columns.size() + " columns");
        }
        rows.add(Arrays.asList(values));
        return this;
    }

    public List<String> columns() {
        return columns;
    }

    public List<String> headers() {
        return columns.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList();
    }

    public List<List<Object>> rows() {
        return rows;
    }
}
