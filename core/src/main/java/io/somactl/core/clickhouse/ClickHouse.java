package io.somactl.core.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What somactl asks of ClickHouse. Statements are plain SQL text built with {@link Sql}; results
 * come back in formats that ClickHouse 18.16 and current servers both write.
 */
public interface ClickHouse {

    /** The database unqualified names refer to. */
    String database();

    /** Runs a statement that returns nothing worth reading (DDL, INSERT … SELECT, ALTER). */
    void execute(String sql);

    /** Runs a query and returns its rows as unescaped TabSeparated fields ({@code null} for NULL). */
    List<List<String>> select(String sql);

    /** Runs a query and hands the raw response body, in {@code format}, to {@code reader}. */
    <T> T selectStream(String sql, String format, ResponseReader<T> reader);

    /**
     * {@link #selectStream} for a query that also reads {@code table}, rows sent along with it as
     * ClickHouse's "external data" (a temporary table of the query): for sets far larger than the
     * query text may be ({@code max_query_size}, 256 KiB by default).
     */
    <T> T selectStream(String sql, String format, ExternalTable table, ResponseReader<T> reader);

    /**
     * Rows a query can read as the temporary table {@code name}: TabSeparated lines whose columns are
     * {@code structure}, e.g. {@code tenant String, event_id UUID}.
     */
    record ExternalTable(String name, String structure, byte[] tabSeparated) {}

    /**
     * Sends {@code body}, already in {@code format}, as the rows of {@code INSERT INTO table (columns)};
     * with no columns, the format names them (JSONEachRow) and missing ones take their defaults.
     */
    default void insert(String table, List<String> columns, String format, byte[] body) {
        insert(table, columns, format, body, 0, body.length);
    }

    /** Like {@link #insert(String, List, String, byte[])} with the body {@code body[offset, offset + length)}. */
    void insert(String table, List<String> columns, String format, byte[] body, int offset, int length);

    /** The same server with one more ClickHouse setting sent with every statement. */
    ClickHouse withSetting(String name, String value);

    /** The server's version, e.g. {@code 18.16.1}. */
    default String serverVersion() {
        return select("SELECT version()").get(0).get(0);
    }

    /** The first column of the first row, or {@code null} when there is no row. */
    default String selectValue(String sql) {
        List<List<String>> rows = select(sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    @FunctionalInterface
    interface ResponseReader<T> {
        T read(InputStream body) throws IOException;
    }
}
